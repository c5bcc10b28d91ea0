// The Braden total and its risk band, worked out on the check form as the six subscales
// are filled in. The page names the subscales' fields and the bands in data attributes;
// the total the record keeps is the server's (checklists/braden.py), this only shows it.
(function () {
  "use strict";
  var out = document.querySelector("[data-braden-total]");
  if (!out) {
    return;
  }
  var fields = out.getAttribute("data-fields").split(" ");
  var bands = out.getAttribute("data-bands").split("|").map(function (band) {
    var at = band.indexOf(":");
    return { highest: parseInt(band.slice(0, at), 10), words: band.slice(at + 1) };
  });

  function picked(name) {
    var input = document.querySelector('input[name="' + name + '"]:checked');
    return input ? parseInt(input.value, 10) : null;
  }

  function show() {
    var values = fields.map(picked);
    var missing = values.filter(function (v) { return v === null || isNaN(v); }).length;
    if (missing) {
      out.textContent = "Braden total: " + missing + " of 6 subscales still to score.";
      return;
    }
    var total = values.reduce(function (sum, v) { return sum + v; }, 0);
    var band = bands.filter(function (b) { return total <= b.highest; })[0];
    out.textContent = "Braden total " + total + " of 23: " + (band ? band.words : "");
  }

  fields.forEach(function (name) {
    document.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
      input.addEventListener("change", show);
    });
  });
  show();
})();
