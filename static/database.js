// The barrier database: filters, full-text search and sortable columns over the table that the
// page already lists in full (the page works without this script). The URL follows the filters,
// so a filtered view can be shared and reloaded.
(function () {
  "use strict";
  var form = document.getElementById("db-filters");
  var table = document.getElementById("db-table");
  if (!form || !table) return;
  // The filters work only with this script: the page shows them when scripts run (`.js-only`).
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var countEl = document.getElementById("db-count");
  var emptyEl = document.getElementById("db-empty");
  var lang = document.documentElement.lang || "ko";
  var total = rows.length;
  var facets = ["partner", "region", "sector", "category", "status", "year"];
  var query = document.getElementById("f-q");
  var searchToken = 0;
  var sortKey = "";

  rows.forEach(function (row, i) {
    row.dataset.order = String(i);
    row.dataset.pos = String(i);
    row.dataset.text = (row.textContent + " " + row.dataset.hs + " " + row.dataset.id).toLowerCase();
  });

  function params() {
    var p = new URLSearchParams();
    if (query.value.trim()) p.set("q", query.value.trim());
    facets.forEach(function (f) {
      var el = form.elements[f];
      if (el && el.value) p.set(f, el.value);
    });
    if (sortKey) p.set("sort", sortKey);
    return p;
  }

  // The word index under /search/<lang>/ (see src/render/search.rs): index.json lists the barrier
  // URLs and the number of shards; each shard maps words to barrier numbers.
  var indexBase = "/search/" + lang + "/";
  var indexMeta = null;
  var shardCache = {};
  function fetchJson(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(url); return r.json(); });
  }
  function loadIndex() {
    if (!indexMeta) indexMeta = fetchJson(indexBase + "index.json").catch(function () { return null; });
    return indexMeta;
  }
  function shard(k) {
    if (!shardCache[k]) shardCache[k] = fetchJson(indexBase + k + ".json");
    return shardCache[k];
  }
  var korean = window.KnteKorean;

  // Barriers having every term of the query, by URL, from the index (null when the index is
  // unavailable). Hangul terms (syllables and pairs of syllables) are looked up as they are;
  // other terms match every index term they begin.
  function searchBodies(q) {
    return loadIndex().then(function (meta) {
      var terms = korean.queryTerms(q);
      if (!meta || meta.version !== 2 || !terms.length) return null;
      return Promise.all(terms.map(function (t) {
        // Headings above an HS code can lie in other shards: those are fetched too.
        var keys = [t.term];
        if (t.match === "hs") for (var n = 4; n < t.term.length; n += 2) keys.push(t.term.slice(0, n));
        var shards = keys.map(function (k) { return k.codePointAt(0) % meta.shards; })
          .filter(function (k, i, all) { return all.indexOf(k) === i; });
        return Promise.all(shards.map(shard)).then(function (parts) {
          var docs = {};
          parts.forEach(function (index) {
            var add = function (list) { list.forEach(function (d) { docs[d] = true; }); };
            if (t.match === "exact") {
              if (Object.prototype.hasOwnProperty.call(index, t.term)) add(index[t.term]);
            } else {
              Object.keys(index).forEach(function (k) { if (korean.matches(t, k)) add(index[k]); });
            }
          });
          return docs;
        });
      })).then(function (sets) {
        var urls = {};
        Object.keys(sets[0]).forEach(function (d) {
          if (sets.every(function (s) { return s[d]; })) urls[meta.docs[d]] = true;
        });
        return urls;
      });
    }).catch(function () { return null; });
  }

  // Rows whose title or id holds the query (without its particle) come first.
  function rank(q) {
    var words = q.split(/\s+/).map(function (w) { return korean.stripParticle(w); });
    var hit = function (row) {
      var head = (row.cells[1].textContent + " " + row.dataset.id).toLowerCase();
      return words.every(function (w) { return head.indexOf(w) >= 0; });
    };
    var ordered = rows.slice().sort(function (a, b) {
      return (hit(b) - hit(a)) || (Number(a.dataset.pos) - Number(b.dataset.pos));
    });
    ordered.forEach(function (r) { tbody.appendChild(r); });
  }

  // The value(s) of facet `f` on a row (a row has several sectors).
  function rowValues(row, f) {
    return f === "sector" ? row.dataset.sectors.split(" ") : [row.dataset[f]];
  }

  // Whether a row passes every chosen facet except `skip` (so a facet's own counts show what
  // choosing another of its values would give).
  function facetMatch(row, skip) {
    for (var i = 0; i < facets.length; i++) {
      var f = facets[i];
      if (f === skip) continue;
      var v = form.elements[f] ? form.elements[f].value : "";
      if (v && rowValues(row, f).indexOf(v) < 0) return false;
    }
    return true;
  }

  // Each choice of each facet shows how many barriers it would give with the other facets and the
  // query as they are: "중국 (5)".
  function updateCounts(textOk) {
    facets.forEach(function (f) {
      var el = form.elements[f];
      if (!el) return;
      var counts = {};
      rows.forEach(function (row) {
        if (!textOk(row) || !facetMatch(row, f)) return;
        rowValues(row, f).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      Array.prototype.forEach.call(el.options, function (o) {
        if (!o.value) return;
        if (!o.dataset.label) o.dataset.label = o.textContent;
        o.textContent = o.dataset.label + " (" + (counts[o.value] || 0) + ")";
      });
    });
    var chosen = facets.filter(function (f) { return form.elements[f] && form.elements[f].value; }).length;
    if (toggle) toggle.textContent = toggle.dataset.label + (chosen ? " (" + chosen + ")" : "");
  }

  // On a phone the facets fold behind a "필터" button that says how many are chosen.
  var toggle = document.getElementById("db-filter-toggle");
  var folded = document.getElementById("db-facets");
  if (toggle && folded) {
    toggle.dataset.label = toggle.textContent;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      form.classList.toggle("facets-open", open);
    });
  }

  // Shows the rows that pass the facets and `textOk` (the query's match).
  function show(textOk) {
    var shown = 0;
    updateCounts(textOk);
    rows.forEach(function (row) {
      var ok = facetMatch(row) && textOk(row);
      row.hidden = !ok;
      if (ok) shown++;
    });
    emptyEl.hidden = shown !== 0;
    countEl.textContent = lang === "ko"
      ? "전체 " + total + "건 중 " + shown + "건 표시"
      : shown + " of " + total + " barriers shown";
    countEl.dataset.shown = String(shown);
  }

  function apply() {
    var q = query.value.trim().normalize("NFC").toLowerCase();
    var token = ++searchToken;
    var p = params().toString();
    history.replaceState(null, "", p ? "?" + p : location.pathname);
    // The other language's database keeps the view (filters, query, order).
    var other = document.querySelector("a[hreflang][lang]:not([lang='" + lang + "'])");
    if (other) other.search = p ? "?" + p : "";
    var local = function (row) { return !q || row.dataset.text.indexOf(q) >= 0; };
    show(local);
    if (q && !sortKey) rank(q); else if (!sortKey) sortBy("");
    // data-state tells scripts and tests whether the full-text results are still coming.
    if (!q) { countEl.dataset.state = "done"; return; }
    countEl.dataset.state = "searching";
    searchBodies(q).then(function (urls) {
      if (token !== searchToken) return;
      if (urls) show(function (row) { return row.dataset.text.indexOf(q) >= 0 || urls[row.dataset.url]; });
      countEl.dataset.state = "done";
    });
  }

  // Sortable columns: the header text becomes a button; a second press reverses the order.
  var keys = {
    id: function (r) { return r.dataset.id; },
    title: function (r) { return r.cells[1].textContent.trim(); },
    partner: function (r) { return r.dataset.partnerName; },
    category: function (r) { return r.dataset.categoryName; },
    // Statuses in the order of their progress, not of their codes.
    status: function (r) { return String(["open", "in_progress", "resolved_in_part", "resolved"].indexOf(r.dataset.status)); },
    year: function (r) { return r.cells[6].textContent.trim(); },
    updated: function (r) { return r.dataset.updated; }
  };
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function sortBy(key) {
    sortKey = key;
    var desc = key.charAt(0) === "-";
    var name = desc ? key.slice(1) : key;
    var get = keys[name];
    headers.forEach(function (th) {
      if (th.dataset.sort) th.setAttribute("aria-sort", th.dataset.sort === name ? (desc ? "descending" : "ascending") : "none");
    });
    var sorted = rows.slice();
    if (get) {
      sorted.sort(function (a, b) {
        var c = korean.compare(get(a), get(b)) || (Number(a.dataset.order) - Number(b.dataset.order));
        return desc ? -c : c;
      });
    }
    sorted.forEach(function (r, i) { tbody.appendChild(r); r.dataset.pos = String(i); });
  }
  headers.forEach(function (th) {
    var key = th.dataset.sort;
    if (!key) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    // Dates sort newest first on the first press.
    var first = key === "updated" ? "-" + key : key;
    button.addEventListener("click", function () {
      sortBy(sortKey === first ? (first.charAt(0) === "-" ? key : "-" + key) : first);
      apply();
    });
  });

  // Restore the view from the URL.
  var initial = new URLSearchParams(location.search);
  query.value = initial.get("q") || "";
  facets.forEach(function (f) {
    var el = form.elements[f];
    if (el && initial.get(f)) el.value = initial.get(f);
  });
  if (initial.get("sort")) sortBy(initial.get("sort"));

  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("change", apply);
  var timer = 0;
  query.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  apply();
})();
