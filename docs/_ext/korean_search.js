/*
 * The Korean site's search in the browser, inserted into Sphinx's language_data.js
 * after the English stemmer.
 *
 * Korean attaches particles and endings to words (학습률을, 학습률로) and writes
 * compounds without spaces, so the index holds every pair of neighbouring
 * Hangul syllables (two-syllable n-grams) instead of whole words, as CJK
 * search engines do.  A query is split the same way, and a page must hold
 * every pair: 학습률 becomes 학습 and 습률, found in 학습률을 and 최적학습률.
 * Words of other scripts (SGD, float32) stay whole and are stemmed as on the
 * English site.  korean_search.py splits the pages' text with the same rules.
 */
const HANGUL_RUN = /[\uac00-\ud7a3]+/;

var splitQuery = (query) => {
  const terms = [];
  for (const word of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    for (const part of word.match(/[\uac00-\ud7a3]+|[^\uac00-\ud7a3]+/g) || []) {
      if (!HANGUL_RUN.test(part)) {
        terms.push(part);
      } else {
        for (let i = 0; i + 1 < part.length; i++) terms.push(part.slice(i, i + 2));
      }
    }
  }
  return terms;
};

var Stemmer = function () {
  const english = new EnglishStemmer();
  this.stemWord = (word) => (HANGUL_RUN.test(word) ? word : english.stemWord(word));
};
