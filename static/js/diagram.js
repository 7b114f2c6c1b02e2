// The diagram: a live picture of the workspace drawn from each {"type": "state"} message.
// Images are stacks of layers; a layer shared by several images has one colour everywhere and is
// counted once in the total, which is what `docker system df` reports.
(function () {
  "use strict";
  const root = document.getElementById("diagram");
  if (!root || !window.slipway) return;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function size(bytes) {            // Docker's units: decimal, three significant digits
    const units = ["B", "kB", "MB", "GB", "TB"];
    let value = bytes || 0, unit = 0;
    while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
    return `${parseFloat(value.toPrecision(3))}${units[unit]}`;
  }

  function hue(id) {
    let h = 0;
    for (const ch of String(id)) h = (h * 31 + ch.charCodeAt(0)) % 360;
    return h;
  }

  const short = (id) => String(id || "").replace(/^sha256:/, "").slice(0, 12);
  const stateOf = (c) => c.state || c.status || "created";
  // Docker's port map {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}, ...]}, as `docker ps` shows it
  // (the IPv6 twin of an IPv4 binding is left out).
  const portsOf = (c) => Object.entries(c.ports || {}).flatMap(([port, bindings]) =>
    (bindings || []).filter((b) => b.HostIp !== "::").map((b) => `${b.HostIp || "0.0.0.0"}:${b.HostPort}->${port}`));
  // Networks by name with the container's address on each (the snapshot gives one address).
  const networksOf = (c) => (c.networks || []).map((name, i) => [name, i === 0 ? c.ip || "" : ""]);

  function section(title, count) {
    const box = el("section", "group");
    box.append(el("h4", "", `${title} (${count})`));
    return box;
  }

  function containers(state) {
    const box = section("Containers", state.containers.length);
    const list = el("div", "cards");
    state.containers.forEach((c) => {
      const card = el("div", `container state-${stateOf(c)}`);
      card.title = `${c.name}: ${stateOf(c)}`;
      card.append(el("strong", "", c.name), el("span", "meta", c.image), el("span", "badge", stateOf(c)));
      portsOf(c).forEach((p) => card.append(el("span", "port", p)));
      list.append(card);
    });
    box.append(state.containers.length ? list : el("p", "none", "No containers. Try docker run."));
    return box;
  }

  function networks(state) {
    const box = section("Networks", state.networks.length);
    state.networks.forEach((n) => {
      const group = el("div", "network");
      group.append(el("div", "network-name", `${n.name} · ${n.driver || "bridge"}${n.subnet ? " · " + n.subnet : ""}`));
      state.containers.forEach((c) => networksOf(c).forEach(([name, ip]) => {
        if (name === n.name) group.append(el("span", `chip state-${stateOf(c)}`, ip ? `${c.name} ${ip}` : c.name));
      }));
      box.append(group);
    });
    return box;
  }

  function volumes(state) {
    const box = section("Volumes", state.volumes.length);
    state.volumes.forEach((v) => {
      const item = el("div", "volume");
      item.append(el("span", "volume-name", `▣ ${v.name.length > 24 ? short(v.name) : v.name}`));
      const users = state.containers.filter((c) => (c.mounts || []).some((m) => m.type === "volume" && m.name === v.name));
      item.append(el("span", "meta", users.length ? "← " + users.map((c) => c.name).join(", ") : "not in use"));
      box.append(item);
    });
    return box;
  }

  function images(state) {
    const uses = {};
    const sizes = {};
    state.images.forEach((image) => (image.layers || []).forEach((layer) => {
      uses[layer.id] = (uses[layer.id] || 0) + 1;
      sizes[layer.id] = layer.size || 0;
    }));
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    const box = section("Images", state.images.length);
    box.append(el("p", "meta", `On disk: ${size(total)}. Bright layers are shared: stored once, used by several images.`));
    const shelf = el("div", "shelf");
    state.images.forEach((image) => {
      const column = el("div", "image");
      const stack = el("div", "stack");
      (image.layers || []).slice().reverse().forEach((layer) => {
        const id = layer.id;
        const block = el("div", uses[id] > 1 ? "layer shared" : "layer");
        block.style.setProperty("--hue", hue(id));
        block.style.height = `${Math.max(6, Math.min(28, 4 * Math.log10((layer.size || 1) + 1)))}px`;
        block.title = `layer ${short(id)} · ${size(layer.size)}${uses[id] > 1 ? ` · shared by ${uses[id]} images` : ""}`;
        stack.append(block);
      });
      const name = (image.tags && image.tags[0]) || short(image.id);
      // a break opportunity after ":" and "/" keeps "hello-world:latest" from splitting mid-word
      column.append(stack, el("span", "image-name", name.replace(/([:/])/g, "$1\u200b")), el("span", "meta", size(image.size)));
      shelf.append(column);
    });
    box.append(state.images.length ? shelf : el("p", "none", "No images yet."));
    return box;
  }

  slipway.on("state", (message) => {
    const state = {
      containers: message.containers || [], images: message.images || [],
      volumes: message.volumes || [], networks: message.networks || [],
    };
    root.replaceChildren(containers(state), images(state), volumes(state), networks(state));
  });
})();
