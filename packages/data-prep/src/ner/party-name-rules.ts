/**
 * Word lists shared by the default tagger and the matcher. They come from reading the party
 * columns of train.csv and test.csv: offices ("Warden", "Director of …"), legal forms
 * ("Inc.", "N.A."), organisation heads ("Commission", "Board", "Department") and places.
 */

/** Lower-cased words that make a name an organisation. */
export const ORGANIZATION_WORDS = new Set([
  'academy', 'administration', 'agency', 'airlines', 'airways', 'alliance', 'assn', 'association', 'authority',
  'bancorp', 'bank', 'board', 'broadcasting', 'bureau', 'center', 'centre', 'chapter', 'church', 'clinic', 'club',
  'co', 'coalition', 'college', 'commission', 'commissioners', 'committee', 'communications', 'company', 'conference',
  'congress', 'corp', 'corporation', 'corps', 'council', 'court', 'department', 'dept', 'district', 'division',
  'electric', 'energy', 'enterprises', 'federation', 'foundation', 'fund', 'government', 'group', 'holdings',
  'hospital', 'inc', 'incorporated', 'industries', 'institute', 'insurance', 'laboratories', 'league', 'legislature',
  'limited', 'llc', 'llp', 'ltd', 'manufacturing', 'mills', 'ministry', 'motors', 'network', 'office',
  'organization', 'organisation', 'partners', 'partnership', 'party', 'pharmaceuticals', 'plc', 'police', 'press',
  'products', 'railroad', 'railway', 'railways', 'schools', 'school', 'senate', 'service', 'services', 'society',
  'stations', 'steel', 'stores', 'systems', 'technologies', 'television', 'times', 'tribe', 'trust', 'trustees',
  'union', 'university', 'univ',
]);

/** Legal-form suffixes, written as they appear ("Inc.", "N.A."); compared without dots and case. */
export const LEGAL_FORMS = new Set(['inc', 'incorporated', 'co', 'corp', 'llc', 'llp', 'lp', 'ltd', 'plc', 'na', 'pc', 'sa', 'ag', 'gmbh', 'nv', 'bv', 'pa']);

/** Titles and offices that name a role, not a party ("Warden", "Acting Director"). */
export const ROLE_WORDS = new Set([
  'acting', 'administrator', 'assistant', 'associate', 'deputy', 'interim', 'personal', 'representative', 'under', 'vice', 'administratrix', 'agent', 'attorney', 'auditor', 'chairman', 'chairperson', 'chancellor',
  'chief', 'clerk', 'commissioner', 'comptroller', 'director', 'executor', 'executrix', 'former', 'governor', 'guardian',
  'inspector', 'judge', 'justice', 'mayor', 'member', 'members', 'officer', 'president', 'regent',
  'secretary', 'sheriff', 'superintendent', 'supervisor', 'treasurer', 'trustee', 'warden', 'individually',
]);

/** Titles, honorifics and suffixes removed before taking first and last names. */
export const PERSON_AFFIXES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'rev', 'hon', 'honorable', 'judge', 'justice', 'sen', 'senator', 'gov',
  'governor', 'rep', 'sgt', 'capt', 'lt', 'col', 'gen', 'officer', 'sheriff', 'the', 'jr', 'sr', 'ii', 'iii', 'iv', 'v',
  'esq', 'phd', 'md',
]);

/** Particles that belong to a last name ("St. Amant", "de la Cruz", "Van Orden"). */
export const SURNAME_PARTICLES = new Set(['st', 'ste', 'de', 'del', 'della', 'der', 'di', 'da', 'du', 'la', 'le', 'van', 'von', 'mac', 'bin', 'ibn', 'al', 'el', 'dos', 'das']);

/** Words an n-gram may not consist of alone, nor begin or end with. */
export const STOPWORDS = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'ex', 'rel', 'et', 'al', 'ux', 'vir', '&']);

/**
 * Generic words: an n-gram made only of these and stopwords names no one in particular
 * ("Department", "United", "Board of"), so it is never taken as an alias.
 */
export const GENERIC_WORDS = new Set([
  ...LEGAL_FORMS,
  ...ROLE_WORDS,
  'american', 'association', 'authority', 'board', 'bureau', 'city', 'commission', 'committee', 'company',
  'corporation', 'council', 'county', 'court', 'department', 'district', 'division', 'federal', 'general', 'group',
  'international', 'national', 'new', 'north', 'south', 'east', 'west', 'office', 'people', 'public', 'service',
  'services', 'state', 'states', 'united', 'union', 'town', 'village', 'commonwealth', 'republic', 'government', 'estate',
  'st', 'mr', 'mrs', 'ms', 'dr', 'jr', 'sr', 'university', 'college', 'school', 'church', 'bank', 'hospital', 'party',
  'tribe', 'tribes', 'nation', 'supreme', 'san', 'santa', 'los', 'las', 'fort', 'mount', 'lake', 'port', 'first', 'no',
  'northern', 'southern', 'eastern', 'western', 'central', 'education', 'health', 'human', 'resources', 'labor',
  'justice', 'social', 'security', 'community', 'local', 'tax',
]);

/** US states and other places that parties are named after. */
export const PLACE_NAMES = new Set([
  'alabama', 'alaska', 'arizona', 'arkansas', 'california', 'colorado', 'connecticut', 'delaware', 'florida', 'georgia',
  'hawaii', 'idaho', 'illinois', 'indiana', 'iowa', 'kansas', 'kentucky', 'louisiana', 'maine', 'maryland',
  'massachusetts', 'michigan', 'minnesota', 'mississippi', 'missouri', 'montana', 'nebraska', 'nevada',
  'new hampshire', 'new jersey', 'new mexico', 'new york', 'north carolina', 'north dakota', 'ohio', 'oklahoma',
  'oregon', 'pennsylvania', 'rhode island', 'south carolina', 'south dakota', 'tennessee', 'texas', 'utah', 'vermont',
  'virginia', 'washington', 'west virginia', 'wisconsin', 'wyoming', 'district of columbia', 'puerto rico', 'guam',
  'united states', 'united states of america', 'us', 'u.s.', 'usa', 'u.s.a.', 'america',
]);

/** "City of X", "State of X", "County of X" and the like name places. */
export const PLACE_PATTERN =
  /^(?:the\s+)?(?:(?:city|county|state|commonwealth|town|village|township|borough|parish|territory|republic|kingdom|people of the state)\s+of\s+\S|(?:[A-Z][\w'.-]*\s+)+(?:county|parish|township|borough)$)/i;

/** Lower-cased word without surrounding punctuation and inner dots: "Inc.," -> "inc", "N.A." -> "na". */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/[.,;:()"“”]/g, '').replace(/[’]/g, "'");
}
