/**
 * English function words and question words, in normalised form (lower case).
 *
 * Used to tell English questions from Danish ones and to drop English scaffolding when a question is in English.
 * Kept free of words that are Danish content words ("by" = town, "fire" = four, "far" = father, "hand", "art"),
 * because a Danish text containing them must not look English.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'some', 'any', 'each', 'every', 'no', 'not', 'nor',
  'i', 'me', 'my', 'mine', 'myself', 'you', 'your', 'yours', 'yourself', 'he', 'him', 'his', 'she', 'her', 'hers',
  'it', 'its', 'we', 'us', 'our', 'ours', 'they', 'them', 'their', 'theirs', 'themselves', 'one', 'ones',
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'whether',
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'having',
  'do', 'does', 'did', 'doing', 'done', 'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must',
  'of', 'in', 'on', 'at', 'to', 'from', 'with', 'without', 'about', 'into', 'onto', 'through', 'during', 'before',
  'after', 'above', 'below', 'between', 'among', 'against', 'within', 'across', 'around', 'upon', 'towards',
  'and', 'or', 'but', 'if', 'because', 'as', 'until', 'while', 'than', 'so', 'then', 'though', 'although', 'also',
  'there', 'here', 'very', 'too', 'just', 'only', 'more', 'most', 'such', 'own', 'same', 'other', 'others',
  'again', 'already', 'still', 'yet', 'ever', 'never', 'always', 'anyone', 'anybody', 'someone', 'somebody',
  'anything', 'something', 'nothing', 'everything', 'everyone', 'all', 'both', 'few', 'many', 'much',
  'for', 'up', 'down', 'out', 'off', 'over', 'under', 'further', 'once', 'yes', 'ok', 'okay',
  // left-overs of contractions once the apostrophe is stripped ("don't" -> "don t")
  'don', 'doesn', 'didn', 'isn', 'aren', 'wasn', 'won', 'can', 't', 's', 're', 've', 'll', 'd', 'm',
]);
