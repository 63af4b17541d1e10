// The maps: the event map (#event-map, points from /map/data/) and the small place map
// (#place-map). Leaflet and its cluster plugin are vendored (static/vendor/); tiles are optional:
// with MAP_TILE_URL empty the maps draw the bundled country outlines and need no network.
(function () {
  "use strict";
  if (!window.L) return;
  var configEl = document.getElementById("map-config");
  var config = configEl ? JSON.parse(configEl.textContent) : {};
  var colours = config.colours || {};

  // The outlines (Natural Earth via world-atlas) are drawn for a sphere: a ring that crosses the
  // antimeridian jumps from 180 to -180, which a flat map draws as a line across the whole world
  // (the stripes at Russia's and Fiji's latitudes), and Antarctica's ring is closed by the pole,
  // not by a line at 85 degrees south. Each ring is unwrapped to continuous longitudes (Chukotka
  // east of 180), a ring around a pole is closed along it, and the world is drawn three times,
  // 360 degrees apart, so a view wider than one world has outlines to both edges.
  var WORLD_COPIES = [-360, 0, 360];

  function unwrapRing(ring) {
    var out = [];
    var offset = 0;
    for (var i = 0; i < ring.length; i++) {
      var lon = ring[i][0] + offset;
      if (i > 0) {
        var prev = out[i - 1][0];
        while (lon - prev > 180) { offset -= 360; lon -= 360; }
        while (prev - lon > 180) { offset += 360; lon += 360; }
      }
      out.push([lon, ring[i][1]]);
    }
    var first = out[0];
    var last = out[out.length - 1];
    if (out.length > 2 && Math.abs(last[0] - first[0]) >= 180) {
      var lat = 0;
      for (var j = 0; j < out.length; j++) lat += out[j][1];
      var pole = lat < 0 ? -90 : 90;
      out.push([last[0], pole], [first[0], pole], [first[0], first[1]]);
    }
    return out;
  }

  function shiftRing(ring, dx) {
    return ring.map(function (p) { return [p[0] + dx, p[1]]; });
  }

  function planarOutlines(geo) {
    var features = [];
    (geo.features || []).forEach(function (f) {
      var g = f.geometry;
      if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) return;
      var polygons = (g.type === "Polygon" ? [g.coordinates] : g.coordinates).map(function (poly) {
        return poly.map(unwrapRing);
      });
      WORLD_COPIES.forEach(function (dx) {
        features.push({
          type: "Feature",
          properties: f.properties,
          geometry: {
            type: "MultiPolygon",
            coordinates: polygons.map(function (poly) { return poly.map(function (r) { return shiftRing(r, dx); }); }),
          },
        });
      });
    });
    return { type: "FeatureCollection", features: features };
  }

  function baseMap(el, options) {
    var map = L.map(el, Object.assign({ worldCopyJump: true, minZoom: 1, maxZoom: 18 }, options || {}));
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { maxZoom: 18, attribution: "Map tiles: see MAP_TILE_URL" }).addTo(map);
    } else {
      el.classList.add("no-tiles");
    }
    if (config.outlinesUrl) {
      fetch(config.outlinesUrl)
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (geo) {
          if (!geo) return;
          var layer = L.geoJSON(planarOutlines(geo), {
            interactive: false,
            style: { color: "#7b8794", weight: 0.8, fillColor: config.tileUrl ? "transparent" : "#eef1ea", fillOpacity: 1 },
          }).addTo(map);
          layer.bringToBack();
          el.outlinesLayer = layer;  // for the browser tests' geometry checks
          el.dataset.outlines = "loaded";
        })
        .catch(function () { /* outlines are decoration; points still show */ });
    }
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    el.leafletMap = map;  // for the browser tests (and the console)
    return map;
  }

  function radius(fatalities, count) {
    var n = (fatalities || 0);
    var r = 5 + Math.sqrt(n) * 1.6;
    if (count) r = Math.max(r, 5 + Math.sqrt(count) * 1.2);
    return Math.min(r, 28);
  }

  function escapeHtml(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function label(p) {
    if (p.n) return p.l + ": " + p.n + " events" + (p.f ? ", " + p.f + " killed" : "");
    var kind = (p.s || p.t || "").replace(/_/g, " ");
    return kind + " · " + p.l + (p.d ? " · " + p.d : "") + (p.f != null ? " · " + p.f + " killed" : "");
  }

  // The event map.
  var el = document.getElementById("event-map");
  if (el) {
    var status = document.getElementById("map-status");
    var map = baseMap(el);
    map.setView([25, 20], 2);
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true });
    map.addLayer(cluster);
    fetch(el.dataset.url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = "The filter is not valid; fix it above."; return; }
        var features = res.body.features || [];
        var markers = features.map(function (f) {
          var p = f.properties;
          var c = f.geometry.coordinates;
          var colour = (p.t && colours[p.t]) || config.mixedColour || "#4d5560";
          var marker = L.circleMarker([c[1], c[0]], {
            radius: radius(p.f, p.n), color: "#1d232a", weight: 1, fillColor: colour, fillOpacity: 0.85,
            className: "event-marker",
          });
          marker.bindTooltip(escapeHtml(label(p)));
          marker.on("click", function () { window.location.assign(p.u); });
          marker.on("add", function () {
            var path = marker.getElement();
            if (path) {
              path.setAttribute("data-url", p.u);
              path.setAttribute("role", "link");
              path.setAttribute("aria-label", label(p));
            }
          });
          return marker;
        });
        // Zoom first, then cluster: clustering at the final zoom avoids a re-clustering animation.
        if (markers.length) {
          var bounds = L.latLngBounds(markers.map(function (m) { return m.getLatLng(); }));
          if (bounds.isValid()) map.fitBounds(bounds.pad(0.5), { maxZoom: 7, animate: false });
        }
        cluster.addLayers(markers);
        var what = res.body.aggregated ? features.length + " places (events grouped by place)" : features.length + " events";
        status.textContent = markers.length ? "Showing " + what + ". Select a marker to open it." : "No located events match the filter.";
        el.dataset.loaded = String(markers.length);
      })
      .catch(function () { status.textContent = "The events could not be loaded."; });
  }

  // The small map of one place (event and place pages).
  var mini = document.getElementById("place-map");
  var data = document.getElementById("place-map-data");
  if (mini && data) {
    var point = JSON.parse(data.textContent);
    var small = baseMap(mini, { zoomControl: true, scrollWheelZoom: false });
    small.setView([point.lat, point.lon], 6);
    L.circleMarker([point.lat, point.lon], {
      radius: 8, color: "#1d232a", weight: 2, fillColor: colours[point.type] || "#0b5cad", fillOpacity: 0.9,
    }).bindTooltip(escapeHtml(point.label)).addTo(small);
    mini.dataset.loaded = "1";
  }
})();
