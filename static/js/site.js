// Progressive enhancement for the filter forms; the pages work without it.
(function () {
  "use strict";

  // Autocomplete: inputs with data-autocomplete and a list="…" <datalist> get suggestions from
  // the JSON endpoint as the user types (a native, keyboard- and screen-reader-accessible list).
  function autocomplete(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var term = input.value.trim();
      if (term.length < 2 || term === last || /^\d+$/.test(term)) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        last = term;
        fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(term), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (body) {
            list.textContent = "";
            body.results.forEach(function (item) {
              var opt = document.createElement("option");
              opt.value = item.value;
              if (item.label !== item.value) opt.label = item.label;
              opt.textContent = item.label;
              list.appendChild(opt);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 150);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-autocomplete][list]"), autocomplete);

  var form = document.getElementById("event-filter");
  if (!form) return;

  // Keep the URL short and shareable: drop empty fields before submitting.
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && (el.value === "" || el.value === null)) el.disabled = true;
    });
    // Re-enable after navigation is queued, so the back/forward cache shows a usable form.
    window.setTimeout(function () {
      Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
    }, 0);
  });

  // Offer only the sub-event types of the chosen event type.
  var type = form.querySelector("select[name=event_type]");
  var sub = form.querySelector("select[name=sub_event_type]");
  var parents = sub && sub.dataset.parents ? JSON.parse(sub.dataset.parents) : null;
  if (!type || !sub || !parents) return;
  function sync() {
    Array.prototype.forEach.call(sub.options, function (opt) {
      var hidden = Boolean(opt.value) && Boolean(type.value) && parents[opt.value] !== type.value;
      opt.hidden = hidden;
      opt.disabled = hidden;
    });
    if (sub.selectedOptions.length && sub.selectedOptions[0].disabled) sub.value = "";
  }
  type.addEventListener("change", sync);
  sync();
})();
