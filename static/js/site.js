// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Place pickers: choosing a region loads its provinces, a province its districts.
  function fill(select, places) {
    var keep = select.value;
    select.length = 1; // keep the "—" placeholder
    places.forEach(function (place) {
      var option = new Option(place.name, place.code);
      select.add(option);
    });
    select.value = places.some(function (p) { return p.code === keep; }) ? keep : "";
  }

  function load(url, select, then) {
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (places) { fill(select, places); if (then) then(); })
      .catch(function () { /* the plain form's refresh button still works */ });
  }

  document.querySelectorAll("[data-places]").forEach(function (box) {
    var region = box.querySelector("[data-level=region]");
    var province = box.querySelector("[data-level=province]");
    var district = box.querySelector("[data-level=district]");
    if (!region || !province || !district) return;
    region.addEventListener("change", function () {
      fill(district, []);
      load("/places/provinces?region=" + encodeURIComponent(region.value), province);
    });
    province.addEventListener("change", function () {
      load("/places/districts?province=" + encodeURIComponent(province.value), district);
    });
  });
})();
