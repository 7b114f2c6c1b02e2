// Lesson page: Run buttons type code into the terminal; exercise cards show hints one at a time,
// the solution after a confirmation, and live status and per-check feedback from the server.
(function () {
  "use strict";
  const lesson = document.getElementById("lesson");
  if (!lesson || !window.slipway) return;
  const asked = new Set();       // exercises whose Check button was pressed: show every check

  lesson.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const card = button.closest(".exercise");
    if (button.classList.contains("run")) slipway.type(button.dataset.command);
    else if (button.classList.contains("hint")) showHint(card, button);
    else if (button.classList.contains("show-solution")) showSolution(card, button);
    else if (button.classList.contains("check")) check(card);
    else if (button.classList.contains("start")) startOver(card);
  });

  function showHint(card, button) {
    const hidden = card.querySelectorAll(".hints li[hidden]");
    if (hidden.length) hidden[0].hidden = false;
    button.textContent = hidden.length > 1 ? `Next hint (${hidden.length - 1} left)` : "No more hints";
    button.disabled = hidden.length <= 1;
  }

  function showSolution(card, button) {
    if (!confirm("Show the solution? Trying the hints first teaches more.")) return;
    card.querySelector(".solution").hidden = false;
    button.hidden = true;
  }

  function check(card) {
    asked.add(card.dataset.exercise);
    card.querySelector(".feedback").textContent = "Checking…";
    slipway.send({ type: "check", id: card.dataset.exercise });
  }

  function startOver(card) {
    if (confirm("Start this exercise over? The terminal goes back to the exercise's start state (Undo brings it back).")) {
      slipway.send({ type: "reset", exercise: card.dataset.exercise });
    }
  }

  slipway.on("exercise", (message) => {
    const card = document.getElementById(`exercise-${message.id}`);
    if (!card) return;
    if (message.passed) card.classList.add("passed");
    card.classList.toggle("failing", !message.passed);
    card.querySelector(".status").textContent = card.classList.contains("passed") ? "Done" : "To do";
    const show = message.passed || asked.has(message.id);
    card.querySelector(".feedback").textContent = show ? message.feedback : "";
    const list = card.querySelector(".checks");
    list.replaceChildren(...(show ? message.checks || [] : []).map((c) => {
      const item = document.createElement("li");
      item.className = c.passed ? "ok" : "fail";
      item.textContent = c.passed ? c.name : `${c.name}: ${c.feedback}`;
      return item;
    }));
  });
})();
