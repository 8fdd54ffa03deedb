/**
 * Danish function words and question words, in normalised form (lower case, NFC).
 *
 * Why this list and not Snowball's 94 words: users ask questions ("Hvem har prøvet …?", "Hvilke kommuner kan …?"),
 * and the question scaffolding must not count as content, so question words, modal verbs and auxiliaries are added.
 * Deliberately absent: content words of the domain, even very frequent ones ("kommune", "borger", "projekt",
 * "prøvet", "arbejdet", "erfaring"); whether a word is *frequent* is for ranking (idf) to decide, not this list.
 */
export const DANISH_STOP_WORDS: ReadonlySet<string> = new Set([
  // articles, pronouns, determiners
  'en', 'et', 'den', 'det', 'de', 'dem', 'dens', 'dets', 'deres',
  'jeg', 'mig', 'min', 'mit', 'mine', 'du', 'dig', 'din', 'dit', 'dine',
  'han', 'ham', 'hans', 'hun', 'hende', 'hendes', 'vi', 'os', 'vor', 'vort', 'vore', 'vores',
  'i', 'jer', 'jeres', 'sig', 'sin', 'sit', 'sine', 'man', 'selv', 'selve',
  'denne', 'dette', 'disse', 'hin', 'samme', 'sådan', 'sådant', 'sådanne',
  'nogen', 'noget', 'nogle', 'ingen', 'intet', 'ingenting', 'alle', 'alt', 'al', 'hver', 'hvert', 'enhver', 'ethvert',
  'anden', 'andet', 'andre', 'begge', 'øvrige',
  // prepositions and particles
  'af', 'ad', 'efter', 'fra', 'før', 'hos', 'med', 'mellem', 'imellem', 'mod', 'imod', 'om', 'omkring', 'over',
  'på', 'til', 'uden', 'under', 'ved', 'gennem', 'igennem', 'blandt', 'bag', 'langs', 'inden', 'indtil', 'trods',
  'via', 'pr', 'hen', 'frem', 'ud', 'ind', 'op', 'ned', 'ude', 'inde', 'oppe', 'nede', 'ovre', 'henne',
  // conjunctions and subjunctions
  'og', 'eller', 'men', 'samt', 'for', 'fordi', 'at', 'når', 'da', 'hvis', 'som', 'end', 'så', 'både', 'hverken',
  'enten', 'mens', 'skønt', 'selvom', 'idet', 'thi', 'eftersom', 'medmindre',
  // question words
  'hvem', 'hvad', 'hvor', 'hvilken', 'hvilket', 'hvilke', 'hvordan', 'hvorfor', 'hvornår', 'hvorhen', 'hvorledes',
  'hvorvidt', 'hvormed', 'hvorfra', 'hvorpå', 'hvori', 'hvis',
  // auxiliaries and modal verbs in their common forms
  'er', 'var', 'være', 'været', 'værende', 'har', 'havde', 'have', 'haft',
  'bliver', 'blev', 'blive', 'blevet', 'kan', 'kunne', 'kunnet', 'skal', 'skulle', 'skullet',
  'vil', 'ville', 'villet', 'må', 'måtte', 'måttet', 'bør', 'burde', 'gør', 'gøre', 'gjorde', 'gjort',
  'får', 'få', 'fik', 'fået', 'findes', 'fandtes',
  // adverbs that carry no topic
  'ikke', 'også', 'nu', 'her', 'der', 'dér', 'jo', 'dog', 'nok', 'vel', 'bare', 'kun', 'lige', 'allerede', 'altid',
  'aldrig', 'igen', 'endnu', 'meget', 'mere', 'mest', 'mange', 'flere', 'flest', 'lidt', 'ret', 'helt', 'ganske',
  'især', 'desuden', 'derfor', 'dermed', 'herunder', 'heller', 'blot', 'netop', 'stadig', 'måske', 'evt', 'fx', 'bl',
  'mv', 'osv', 'ca', 'ja', 'nej', 'sådan', 'således', 'hvordan',
]);
