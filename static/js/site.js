// Progressive enhancement for the event filter form; the pages work without it.
(function () {
  "use strict";
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
