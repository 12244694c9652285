// The barrier database: filters, full-text search and sortable columns over the table that the
// page already lists in full (the page works without this script). The URL follows the filters,
// so a filtered view can be shared and reloaded.
(function () {
  "use strict";
  var form = document.getElementById("db-filters");
  var table = document.getElementById("db-table");
  if (!form || !table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var countEl = document.getElementById("db-count");
  var emptyEl = document.getElementById("db-empty");
  var lang = document.documentElement.lang || "ko";
  var total = rows.length;
  var facets = ["partner", "region", "sector", "category", "status", "year"];
  var query = document.getElementById("f-q");
  var searchToken = 0;
  var pagefind = null;
  var sortKey = "";

  rows.forEach(function (row, i) {
    row.dataset.order = String(i);
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

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import("/pagefind/pagefind.js").catch(function () { return null; });
    }
    return pagefind;
  }

  // Rows whose body text matches the query, by URL, from the Pagefind index (null when unavailable).
  function searchBodies(q) {
    return loadPagefind().then(function (pf) {
      if (!pf) return null;
      return pf.search(q).then(function (res) {
        return Promise.all(res.results.map(function (r) { return r.data(); }));
      }).then(function (data) {
        var urls = {};
        data.forEach(function (d) { urls[d.url.replace(/index\.html$/, "")] = true; });
        return urls;
      });
    }).catch(function () { return null; });
  }

  function facetMatch(row) {
    var v;
    for (var i = 0; i < facets.length; i++) {
      var f = facets[i];
      v = form.elements[f] ? form.elements[f].value : "";
      if (!v) continue;
      if (f === "sector") {
        if ((" " + row.dataset.sectors + " ").indexOf(" " + v + " ") < 0) return false;
      } else if (row.dataset[f] !== v) {
        return false;
      }
    }
    return true;
  }

  function show(matches) {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row);
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
    var q = query.value.trim().toLowerCase();
    var token = ++searchToken;
    var p = params().toString();
    history.replaceState(null, "", p ? "?" + p : location.pathname);
    var local = function (row) { return facetMatch(row) && (!q || row.dataset.text.indexOf(q) >= 0); };
    show(local);
    // data-state tells scripts and tests whether the full-text results are still coming.
    if (!q) { countEl.dataset.state = "done"; return; }
    countEl.dataset.state = "searching";
    searchBodies(q).then(function (urls) {
      if (token !== searchToken) return;
      if (urls) show(function (row) { return facetMatch(row) && (row.dataset.text.indexOf(q) >= 0 || urls[row.dataset.url]); });
      countEl.dataset.state = "done";
    });
  }

  // Sortable columns: the header text becomes a button; a second press reverses the order.
  var collator = new Intl.Collator(lang, { numeric: true });
  var keys = {
    id: function (r) { return r.dataset.id; },
    title: function (r) { return r.cells[1].textContent.trim(); },
    partner: function (r) { return r.dataset.partnerName; },
    category: function (r) { return r.dataset.categoryName; },
    status: function (r) { return r.dataset.status; },
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
        var c = collator.compare(get(a), get(b)) || (Number(a.dataset.order) - Number(b.dataset.order));
        return desc ? -c : c;
      });
    }
    sorted.forEach(function (r) { tbody.appendChild(r); });
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
    button.addEventListener("click", function () {
      sortBy(sortKey === key ? "-" + key : key);
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
