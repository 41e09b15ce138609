// The playground page: fills the form from the URL query, loads toysup.wasm and runs toysupTrain on submit.
(() => {
  const form = document.getElementById("form");
  const button = document.getElementById("train");
  const $ = (id) => document.getElementById(id);
  const query = new URLSearchParams(location.search);
  // Extra config fields from the query (batch_size, learning_rate, …) travel with the form's.
  const extra = {};
  for (const [k, v] of query) {
    if (k === "autostart") continue;
    const input = form.elements.namedItem(k);
    if (input) input.value = v; else extra[k] = v;
  }
  let running = false;
  function fields() {
    const f = Object.assign({}, extra);
    for (const el of form.elements) if (el.name) f[el.name] = el.value.trim();
    return f;
  }
  function train() {
    if (running) return;
    running = true;
    button.disabled = true;
    $("error").textContent = "";
    $("final-loss").textContent = "";
    $("result-json").textContent = "";
    $("figure").dataset.frames = 0;
    $("status").textContent = "training…";
    globalThis.toysupTrain(fields(), (svg, step, steps, loss) => {
      $("figure").innerHTML = svg;
      $("figure").dataset.step = step;
      $("figure").dataset.frames = Number($("figure").dataset.frames || 0) + 1;
      $("status").textContent = `step ${step} of ${steps}, loss ${loss.toPrecision(4)}`;
    }, (err, result, finalLoss, stepsPerSecond) => {
      running = false;
      button.disabled = false;
      if (err) {
        $("error").textContent = err;
        $("status").textContent = "";
        return;
      }
      $("final-loss").textContent = String(finalLoss);
      $("result-json").textContent = result;
      $("status").textContent = `done: ${Math.round(stepsPerSecond)} steps/s in this browser`;
    });
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); train(); });
  addEventListener("toysup-ready", () => {
    button.disabled = false;
    button.textContent = "train";
    if (query.get("autostart") === "1") train();
  });
  const go = new Go();
  fetch("toysup.wasm")
    .then((r) => { if (!r.ok) throw new Error(`toysup.wasm: HTTP ${r.status}`); return r.arrayBuffer(); })
    .then((buf) => WebAssembly.instantiate(buf, go.importObject))
    .then((m) => go.run(m.instance))
    .catch((e) => { $("error").textContent = "could not start the WebAssembly engine: " + e; });
})();
