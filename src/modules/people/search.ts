/**
 * Finding a child: by partial or misspelt name (trigram similarity, former names too), date of
 * birth, NHS number, UPN, postcode or LA child ID — in one box, in any mix ("smith 14/03/2015").
 * And the likely duplicates to offer before a new child is created.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { isIsoDate } from '../../core/dates.ts';
import { normalisePostcode } from '../../core/identifiers.ts';

export type SearchTerms = { name?: string; dateOfBirth?: string; nhsNumber?: string; upn?: string; postcode?: string; laChildId?: string };

/** Splits what was typed into the things it can be: dates, NHS numbers, UPNs, postcodes, a name. */
export function parseSearch(input: string): SearchTerms {
  const terms: SearchTerms = {};
  let rest = ` ${input.trim().replace(/\s+/g, ' ')} `;
  const take = (pattern: RegExp, apply: (m: RegExpExecArray) => boolean): void => {
    const m = pattern.exec(rest);
    if (m && apply(m)) rest = rest.replace(m[0], ' ');
  };
  take(/ (\d{4})-(\d{2})-(\d{2}) /, (m) => isIsoDate(`${m[1]}-${m[2]}-${m[3]}`) && Boolean((terms.dateOfBirth = `${m[1]}-${m[2]}-${m[3]}`)));
  take(/ (\d{1,2})\/(\d{1,2})\/(\d{4}) /, (m) => {
    const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    return isIsoDate(iso) && Boolean((terms.dateOfBirth = iso));
  });
  take(/ (\d{3}) ?(\d{3}) ?(\d{4}) /, (m) => Boolean((terms.nhsNumber = `${m[1]}${m[2]}${m[3]}`)));
  take(/ ([A-HJ-NP-RT-Z]\d{11}[0-9A-Z]) /i, (m) => Boolean((terms.upn = m[1]!.toUpperCase())));
  take(/ ([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2}) /i, (m) => {
    const pc = normalisePostcode(`${m[1]}${m[2]}`);
    return Boolean(pc && (terms.postcode = pc));
  });
  const name = rest.trim();
  if (name) {
    // A single token with digits is most likely an LA child ID.
    if (/^[A-Za-z]*\d[\w-]*$/.test(name)) terms.laChildId = name;
    else terms.name = name.toLowerCase();
  }
  return terms;
}

export type SearchResult = {
  id: string; la_child_id: string; first_name: string | null; last_name: string | null; date_of_birth: string | null;
  postcode: string | null; restriction: string | null; score: number; matched_former_name: string | null;
};

/** Children matching every term given, best match first. */
export async function searchChildren(db: Kysely<Database>, laCode: string, terms: SearchTerms, limit = 50): Promise<SearchResult[]> {
  if (Object.keys(terms).length === 0) return [];
  const conditions = [sql`c.la_code = ${laCode}`, sql`c.merged_into IS NULL`];
  if (terms.dateOfBirth) conditions.push(sql`c.date_of_birth = ${terms.dateOfBirth}`);
  if (terms.nhsNumber) conditions.push(sql`replace(c.nhs_number, ' ', '') = ${terms.nhsNumber}`);
  if (terms.upn) conditions.push(sql`upper(c.upn) = ${terms.upn}`);
  if (terms.postcode) conditions.push(sql`replace(upper(c.postcode), ' ', '') = ${terms.postcode.replace(' ', '')}`);
  if (terms.laChildId) conditions.push(sql`lower(c.la_child_id) = ${terms.laChildId.toLowerCase()}`);
  const name = terms.name;
  const like = name ? `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : '';
  // A name matches by trigram similarity (misspellings), substring (partial names) or a former name.
  const nameMatches = sql`(c.search_name % ${name} OR c.search_name LIKE ${like} OR ${name} <% c.search_name
      OR EXISTS (SELECT 1 FROM child_former_name f WHERE f.la_code = c.la_code AND f.child_id = c.id
                 AND (lower(coalesce(f.first_name,'') || ' ' || coalesce(f.last_name,'')) % ${name}
                      OR lower(coalesce(f.first_name,'') || ' ' || coalesce(f.last_name,'')) LIKE ${like})))`;
  const exact = Boolean(terms.dateOfBirth || terms.nhsNumber || terms.upn || terms.postcode || terms.laChildId);
  if (name) conditions.push(nameMatches);
  // With a date of birth or an identifier, their indexes find the few candidates and the name test
  // runs on those. A name alone is first matched against the dictionary of names in use (trigram
  // work that grows with the number of different names, not of children): a child's score depends
  // only on its name, so the children of the best names, read by an ordinary index in order of
  // score until there are enough, are the best children. Former names are searched directly.
  if (name && !exact) {
    const best = await sql<{ search_name: string }>`
      SELECT d.search_name FROM child_name_dictionary d
      WHERE d.la_code = ${laCode} AND (d.search_name % ${name} OR d.search_name LIKE ${like} OR ${name} <% d.search_name)
      ORDER BY greatest(similarity(d.search_name, ${name}), word_similarity(${name}, d.search_name)) DESC, d.search_name
      LIMIT ${limit * 4}`.execute(db);
    const names = best.rows.map((r) => r.search_name);
    const ids: string[] = [];
    // A few names first, then twice as many each time: a common name fills the page at once.
    for (let i = 0, size = 4; i < names.length && ids.length < limit; i += size, size *= 2) {
      const batch = await sql<{ id: string }>`SELECT n.id FROM child n WHERE n.la_code = ${laCode} AND n.search_name <> ' ' AND n.search_name = ANY(${names.slice(i, i + size)}::text[])
        AND n.merged_into IS NULL`.execute(db);
      ids.push(...batch.rows.map((r) => r.id));
    }
    const formerly = await sql<{ id: string }>`SELECT f.child_id AS id FROM child_former_name f WHERE f.la_code = ${laCode}
      AND (lower(coalesce(f.first_name,'') || ' ' || coalesce(f.last_name,'')) % ${name} OR lower(coalesce(f.first_name,'') || ' ' || coalesce(f.last_name,'')) LIKE ${like})`.execute(db);
    ids.push(...formerly.rows.map((r) => r.id));
    if (ids.length === 0) return [];
    conditions.push(sql`c.id = ANY(${[...new Set(ids)]}::uuid[])`);
  }
  const score = name ? sql<number>`greatest(similarity(c.search_name, ${name}), word_similarity(${name}, c.search_name))` : sql<number>`1`;
  const former = name
    ? sql<string | null>`(SELECT f.first_name || ' ' || f.last_name FROM child_former_name f WHERE f.la_code = c.la_code AND f.child_id = c.id
         AND lower(coalesce(f.first_name,'') || ' ' || coalesce(f.last_name,'')) % ${name} LIMIT 1)`
    : sql<string | null>`NULL`;
  const { rows } = await sql<SearchResult>`
    SELECT c.id, c.la_child_id, c.first_name, c.last_name, c.date_of_birth, c.postcode, c.restriction,
           ${score} AS score, ${former} AS matched_former_name
    FROM child c
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY score DESC, c.last_name, c.first_name
    LIMIT ${limit}`.execute(db);
  return rows;
}

export type DuplicateCandidate = SearchResult & { reasons: string[] };

/**
 * Children who may be the one about to be created: the same NHS number or UPN, or the same date of
 * birth with a similar or similar-sounding name (a misspelt surname still matches).
 */
export async function findLikelyDuplicates(
  db: Kysely<Database>,
  laCode: string,
  child: { firstName: string; lastName: string; dateOfBirth?: string | null | undefined; nhsNumber?: string | null | undefined; upn?: string | null | undefined },
): Promise<DuplicateCandidate[]> {
  const name = `${child.firstName} ${child.lastName}`.trim().toLowerCase();
  const nhs = child.nhsNumber?.replace(/\s/g, '') || null;
  const upn = child.upn?.toUpperCase() || null;
  const dob = child.dateOfBirth || null;
  const { rows } = await sql<SearchResult & { same_nhs: boolean; same_upn: boolean; same_dob: boolean; sounds_alike: boolean }>`
    SELECT c.id, c.la_child_id, c.first_name, c.last_name, c.date_of_birth, c.postcode, c.restriction,
           similarity(c.search_name, ${name}) AS score, NULL AS matched_former_name,
           (${nhs}::text IS NOT NULL AND replace(c.nhs_number, ' ', '') = ${nhs}) AS same_nhs,
           (${upn}::text IS NOT NULL AND upper(c.upn) = ${upn}) AS same_upn,
           (${dob}::date IS NOT NULL AND c.date_of_birth = ${dob}::date) AS same_dob,
           (dmetaphone(coalesce(c.last_name, '')) = dmetaphone(${child.lastName})
             OR levenshtein(lower(coalesce(c.last_name, '')), lower(${child.lastName})) <= 2) AS sounds_alike
    FROM child c
    WHERE c.la_code = ${laCode} AND c.merged_into IS NULL AND (
      (${nhs}::text IS NOT NULL AND replace(c.nhs_number, ' ', '') = ${nhs})
      OR (${upn}::text IS NOT NULL AND upper(c.upn) = ${upn})
      OR (${dob}::date IS NOT NULL AND c.date_of_birth = ${dob}::date AND (
            similarity(c.search_name, ${name}) > 0.3
            OR dmetaphone(coalesce(c.last_name, '')) = dmetaphone(${child.lastName})
            OR levenshtein(lower(coalesce(c.last_name, '')), lower(${child.lastName})) <= 2)))
    ORDER BY same_nhs DESC, same_upn DESC, score DESC
    LIMIT 10`.execute(db);
  return rows.map(({ same_nhs, same_upn, same_dob, sounds_alike, ...r }) => ({
    ...r,
    reasons: [
      ...(same_nhs ? ['same NHS number'] : []),
      ...(same_upn ? ['same UPN'] : []),
      ...(same_dob ? ['same date of birth'] : []),
      ...(same_dob && (sounds_alike || r.score > 0.3) ? ['similar name'] : []),
    ],
  }));
}
