"""Site search in French: accents do not stop a match.

Material's search (lunr, in a web worker) matches words as typed, so « volonte » would not find
« volonté ». The worker loads the theme's French language file, lunr.fr.min.js; the site publishes
that file with a few lines appended, which index every accented word twice, as written and
without its accents. Typed with or without accents, a word is found, and the search index file
(search/search_index.json) does not grow: lunr builds its index in the reader's browser.

Elisions (l', d’) are split off by the search plugin's `separator` (mkdocs.yml); the same lines
keep the elided letter out of the query, where the theme would otherwise look for every word
starting with « l » or « d ».
"""
from __future__ import annotations

# Where the theme's file is published, and the worker looks for it.
LUNR_FR = "assets/javascripts/lunr/min/lunr.fr.min.js"

# Runs in the worker after lunr.fr: wraps its stop-word filter, which Material keeps in the
# pipeline (`pipeline: [stopWordFilter]` for French), to emit a second, accentless token; drops
# the duplicate positions a query prefix common to both forms would return; skips elided letters.
ACCENTS = r"""
/* e-mallette (mallette/search_fr.py): each accented word is also indexed without its accents. */
!function(l){
  if(!l||!l.fr||l.fr.sansAccents)return;
  var filter=l.fr.stopWordFilter;
  var plain=function(s){return s.normalize("NFD").replace(/[\u0300-\u036f]/g,"").replace(/\u0153/g,"oe").replace(/\u00e6/g,"ae")};
  var both=function(token){
    var t=filter(token);
    if(!t)return t;
    var s=t.toString(),p=plain(s);
    return p===s?t:[t,t.clone(function(){return p})];
  };
  l.Pipeline.registerFunction(both,"stopWordFilter-fr-sans-accents");
  l.fr.stopWordFilter=both;
  l.fr.sansAccents=true;
  /* A prefix such as « volont » matches both forms of a word at the same place: keep each place
     once, or the theme would highlight it twice. Fresh objects: postings may be shared with the index. */
  var query=l.Index.prototype.query;
  l.Index.prototype.query=function(fn){
    var results=query.call(this,fn);
    results.forEach(function(r){
      var seen={},meta=r.matchData.metadata;
      Object.keys(meta).forEach(function(term){
        Object.keys(meta[term]).forEach(function(field){
          var m=meta[term][field];
          if(!m||!m.position)return;
          var s=seen[field]||(seen[field]=new Set());
          var keep=m.position.filter(function(x){if(s.has(x))return false;s.add(x);return true});
          if(keep.length!==m.position.length)meta[term][field]=Object.assign({},m,{position:keep});
        });
      });
    });
    return results;
  };
  /* Elisions and small words: the separator splits « l'économie » into « l » and « économie », and
     the theme looks for every word that starts with each term (« l* », « la* »…). Elided letters
     and French stop words, which the index leaves out anyway, are not searched for. */
  var elided=/^(?:[cdjlmnst]|qu|lorsqu|puisqu|jusqu|quoiqu)$/;
  var clause=l.Query.prototype.clause;
  l.Query.prototype.clause=function(c){
    if(c&&typeof c.term==="string"){
      var w=c.term.toLowerCase().replace(/\*+$/,"");
      if(elided.test(w)||!filter(new l.Token(w)))return this;
    }
    return clause.call(this,c);
  };
  var negated=l.Query.prototype.isNegated;  /* a query left empty finds nothing, not everything */
  l.Query.prototype.isNegated=function(){return this.clauses.length>0&&negated.call(this)};
}(typeof lunr!=="undefined"?lunr:void 0);
"""


def lunr_fr_with_accents(original: bytes) -> bytes:
    """The theme's lunr.fr.min.js, followed by the accent folding above."""
    return original.rstrip(b"\n") + b"\n" + ACCENTS.lstrip("\n").encode("utf-8")
