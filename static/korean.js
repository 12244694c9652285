// Korean text rules shared with knte's Rust code (src/korean.rs): the collation of names
// (가나다 order, numbers by value, Hangul before Latin) and the terms of a search query. Both are
// held to the cases in tests/fixtures/korean.json. Loaded by the database page before
// database.js; under node, `require` gives the same object for the tests.
(function (root) {
  "use strict";

  function isSyllable(c) { return c >= "\uAC00" && c <= "\uD7A3"; }
  function isHangul(c) {
    return isSyllable(c) || (c >= "\u1100" && c <= "\u11FF") || (c >= "\u3130" && c <= "\u318F");
  }
  function isDigit(c) { return c >= "0" && c <= "9"; }
  function isWordChar(c) {
    if (c.charCodeAt(0) < 128) return /[A-Za-z0-9]/.test(c);
    return isSyllable(c) || /[\p{Alphabetic}\p{N}]/u.test(c);
  }

  // Pieces of a name: [rank, ...keys], rank 0 numbers, 1 Hangul, 2 Latin, 3 other.
  function pieces(s) {
    var chars = Array.from(s);
    var out = [];
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (/\s/u.test(c)) continue;
      if (isDigit(c)) {
        var run = c;
        while (i + 1 < chars.length && isDigit(chars[i + 1])) run += chars[++i];
        var value = run.replace(/^0+/, "");
        out.push([0, value.length, value, run.length]);
      } else if (isHangul(c)) {
        out.push([1, c.codePointAt(0)]);
      } else if (/\p{Alphabetic}/u.test(c) && c.codePointAt(0) < 0x2000) {
        var base = c.normalize("NFD").charAt(0).toLowerCase();
        out.push([2, base.codePointAt(0)]);
      } else {
        out.push([3, c.codePointAt(0)]);
      }
    }
    return out;
  }

  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function comparePiece(a, b) {
    var c = cmp(a[0], b[0]);
    for (var i = 1; !c && i < a.length; i++) c = cmp(a[i], b[i]);
    return c;
  }

  // Code point order, as Rust compares strings.
  function codePoints(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var c = cmp(x[i].codePointAt(0), y[i].codePointAt(0));
      if (c) return c;
    }
    return cmp(x.length, y.length);
  }

  function compare(a, b) {
    var p = pieces(a), q = pieces(b);
    for (var i = 0; i < p.length && i < q.length; i++) {
      var c = comparePiece(p[i], q[i]);
      if (c) return c;
    }
    return cmp(p.length, q.length) || codePoints(a, b);
  }

  // Words of lowercased text, each split into runs of Hangul syllables and runs of anything else.
  function runs(text) {
    var out = [];
    var word = [];
    var flush = function () {
      var cur = "", curHangul = false;
      word.forEach(function (c) {
        var h = isSyllable(c);
        if (cur && h !== curHangul) { out.push([curHangul, cur]); cur = ""; }
        curHangul = h;
        cur += c;
      });
      if (cur) out.push([curHangul, cur]);
      word = [];
    };
    Array.from(text.normalize("NFC").toLowerCase()).forEach(function (c) {
      if (isWordChar(c)) word.push(c); else flush();
    });
    flush();
    return out;
  }

  var PARTICLES = [
    "으로부터", "에서부터", "이라는", "에서는", "에서도", "에서의", "으로는", "으로서", "으로써",
    "에게서", "까지는", "부터는", "에서", "에게", "으로", "부터", "까지", "마저", "조차", "보다",
    "처럼", "만큼", "이나", "이며", "이고", "라는", "에는", "에도", "와의", "과의", "로는", "로서",
    "로써", "을", "를", "이", "가", "은", "는", "에", "의", "와", "과", "도", "로", "만"
  ];

  function stripParticle(word) {
    for (var i = 0; i < PARTICLES.length; i++) {
      var p = PARTICLES[i];
      if (word.length > p.length && word.slice(-p.length) === p) {
        var stem = word.slice(0, -p.length);
        if (Array.from(stem).length >= 2) return stem;
      }
    }
    return word;
  }

  function isHsCode(q) {
    if (!/^[0-9. -]+$/.test(q) || !/^[0-9]{4}/.test(q)) return false;
    var digits = q.replace(/[^0-9]/g, "");
    return digits.length >= 4 && digits.length <= 10 && digits.length % 2 === 0 &&
      (/[^0-9]/.test(q) || digits.length >= 6);
  }

  // The terms a query needs, every one: {term, match}, where match is "exact" (Hangul syllables
  // and pairs), "prefix" (other words: every index term they begin) or "hs" (an HS code: every
  // term it begins, and every heading of four or more digits that begins it).
  function queryTerms(query) {
    var q = query.trim();
    if (isHsCode(q)) return [{ term: q.replace(/[^0-9]/g, ""), match: "hs" }];
    var out = [];
    var push = function (t) {
      var last = out[out.length - 1];
      if (!last || last.term !== t.term || last.match !== t.match) out.push(t);
    };
    runs(q).forEach(function (r) {
      if (!r[0]) { push({ term: r[1], match: "prefix" }); return; }
      var stem = Array.from(stripParticle(r[1]));
      if (stem.length === 1) push({ term: stem[0], match: "exact" });
      for (var i = 0; i + 1 < stem.length; i++) push({ term: stem[i] + stem[i + 1], match: "exact" });
    });
    return out;
  }

  // Whether an index term answers a query term.
  function matches(t, indexTerm) {
    if (t.match === "exact") return indexTerm === t.term;
    if (indexTerm.lastIndexOf(t.term, 0) === 0) return true;
    return t.match === "hs" && indexTerm.length >= 4 && /^[0-9]+$/.test(indexTerm) &&
      t.term.lastIndexOf(indexTerm, 0) === 0;
  }

  // The index's terms of a text (the same as src/korean.rs writes), sorted and unique.
  function indexTerms(text) {
    var seen = {};
    runs(text).forEach(function (r) {
      if (!r[0]) { seen[r[1]] = true; return; }
      var s = Array.from(r[1]);
      s.forEach(function (c, i) {
        seen[c] = true;
        if (i + 1 < s.length) seen[c + s[i + 1]] = true;
      });
    });
    return Object.keys(seen).sort(codePoints);
  }

  var api = {
    compare: compare, queryTerms: queryTerms, indexTerms: indexTerms, matches: matches,
    stripParticle: stripParticle
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.KnteKorean = api;
})(this);
