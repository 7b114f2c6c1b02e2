// The terminal: xterm.js over the workspace websocket (contract 5). Other scripts listen to server
// messages with slipway.on(type, fn), send with slipway.send(message) and type with slipway.type(text).
(function () {
  "use strict";
  const bench = document.getElementById("workbench");
  if (!bench) return;

  const listeners = {};
  const status = document.getElementById("connection");
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    scrollback: 5000,
    theme: {
      background: "#0f1419", foreground: "#d7dde4", cursor: "#f0c674", selectionBackground: "#35506b",
      black: "#1d2329", red: "#f07178", green: "#aad94c", yellow: "#f0c674", blue: "#59c2ff",
      magenta: "#d2a6ff", cyan: "#95e6cb", white: "#d7dde4",
    },
  });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(document.getElementById("terminal"));
  fit.fit();

  let socket = null;
  let attempts = 0;
  const waiting = [];            // messages typed while the connection is down (bounded)

  function setStatus(text, state) {
    status.textContent = text;
    status.dataset.state = state;
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    else if (waiting.length < 100) waiting.push(message);
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws/terminal/${bench.dataset.workspace}/`);
    socket.onopen = () => {
      if (attempts) term.write("\r\n");
      attempts = 0;
      setStatus("connected", "up");
      send({ type: "resize", cols: term.cols, rows: term.rows });
      waiting.splice(0).forEach(send);
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "output") term.write(message.data);
      (listeners[message.type] || []).forEach((fn) => fn(message));
    };
    socket.onclose = () => {
      setStatus("reconnecting…", "down");
      setTimeout(connect, Math.min(10000, 500 * 2 ** attempts++));
    };
  }

  term.onData((data) => send({ type: "input", data }));
  term.onResize(({ cols, rows }) => send({ type: "resize", cols, rows }));
  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== "keydown") return true;
    // Ctrl+C copies when text is selected (and interrupts otherwise, as in a terminal).
    if (event.ctrlKey && event.key === "c" && term.hasSelection()) {
      navigator.clipboard?.writeText(term.getSelection());
      return false;
    }
    // Tab completes in the terminal; Shift+Tab leaves it, so keyboard users are never trapped.
    return !(event.key === "Tab" && event.shiftKey);
  });
  new ResizeObserver(() => fit.fit()).observe(document.getElementById("terminal"));

  document.getElementById("undo").addEventListener("click", () => { send({ type: "undo" }); term.focus(); });
  document.getElementById("reset").addEventListener("click", () => {
    if (confirm("Reset the terminal to the start state? Everything done here is lost (Undo brings it back).")) {
      send({ type: "reset" });
      term.focus();
    }
  });

  window.slipway = {
    send,
    on(type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    type(text) {   // as if typed: each line followed by Enter
      send({ type: "input", data: text.replace(/\r?\n/g, "\r") + "\r" });
      term.focus();
    },
    terminal: term,
  };
  connect();
  // On a wide screen the terminal is beside the text: ready to type. On a phone it is below the
  // lesson, and focusing it would scroll past the text.
  if (matchMedia("(min-width: 901px)").matches) term.focus();
})();
