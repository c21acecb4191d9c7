/**
 * What a rule sees and how it reports: the return, the collection year, derived facts computed
 * once (children, "continuously looked after", placement postcodes) and `flag(row)`.
 */
import { addYears } from '../dates.ts';
import {
  emptyChild,
  groupByChildAs,
  type ChildRecord,
  type EpisodeRow,
  type SwEpisodeRow,
  type Finding,
  type IsoDate,
  type Ssda903Return,
  type Ssda903Tables,
  type TableName,
  type TableRows,
} from '../model.ts';
import { derivePlacement, postcodeKey, type Placement, type PostcodeLookup, type PostcodePlace } from '../postcodes.ts';
import { byStart } from './helpers.ts';

/**
 * What a rule needs before it can run: a table of this year ('episodes'), of last year
 * ('last:episodes'), the postcode lookup or the Ofsted provider lists. A rule whose needs are not
 * met is skipped, as the open validators skip it.
 */
export type Need = TableName | `last:${TableName}` | 'postcodes' | 'providers';

/** One rule's implementation. */
export type RuleDef = { readonly code: string; readonly needs: readonly Need[]; readonly run: (c: RuleContext) => void };

/** Defines a rule: its code (metadata comes from the rule list), what it needs, and its check. */
export function rule(code: string, needs: readonly Need[], run: (c: RuleContext) => void): RuleDef {
  return { code, needs, run };
}

/** An Ofsted-registered provider (children's homes and social care providers lists), by URN. */
export type ProviderInfo = {
  urn: string;
  /** Placement types the provider offers (PL codes). */
  placeCodes: string[];
  /** Placement provider codes (PR codes). */
  providerCodes: string[];
  /** Date registration ended, if it has. */
  regEnd: IsoDate | null;
  /** Postcode, upper case without spaces. */
  postcode: string | null;
  /** Upper-tier LA of the provider's postcode. */
  laCode: string | null;
};

export type ContextOptions = {
  /** The DfE collection year, 'YYYY-YY': 1 April of the first year to 31 March of the second. */
  collectionYear: string;
  /** The responsible local authority's GSS code (E09000014 for LA 309), for placement location. */
  laGss?: string;
  postcodes?: PostcodeLookup;
  providers?: ReadonlyMap<string, ProviderInfo>;
};

type Flaggable = { readonly CHILD: string | null; readonly file: string; readonly line: number };

/** A child's rows as rules see them, with the date order of their episodes kept once computed. */
export type RuleChild = ChildRecord & { byStart: readonly EpisodeRow[] | null; swByStart: readonly SwEpisodeRow[] | null };

function ruleChildren(tables: Ssda903Tables): Map<string, RuleChild> {
  return groupByChildAs(tables, (id, none) => ({ ...emptyChild(id, none), byStart: null, swByStart: null }));
}

export class RuleContext {
  readonly current: Ssda903Tables;
  readonly previous: Ssda903Tables | undefined;
  /** Collection start, 1 April. */
  readonly start: IsoDate;
  /** Collection end, 31 March. */
  readonly end: IsoDate;
  readonly laGss: string | undefined;
  readonly providers: ReadonlyMap<string, ProviderInfo> | undefined;
  readonly findings: Finding[] = [];
  /** The rule running now; set by the validator. */
  code = '';
  private readonly postcodes: PostcodeLookup | undefined;
  private childrenMemo: Map<string, RuleChild> | undefined;
  private previousChildrenMemo: Map<string, RuleChild> | undefined;
  private readonly withMemo = new Map<TableName, RuleChild[]>();
  private readonly idsMemo = new Map<TableName, Set<string | null>>();
  private claMemo: Set<string> | undefined;
  private placements: Map<EpisodeRow, Placement> | undefined;
  /** Postcodes as written, found in the lookup once each (most repeat: a child's home on every episode). */
  private readonly places = new Map<string, PostcodePlace | undefined>();
  private readonly findPlace = (postcode: string | null): PostcodePlace | undefined => {
    if (postcode === null || !this.postcodes) return undefined;
    if (this.places.has(postcode)) return this.places.get(postcode);
    const place = this.postcodes.get(postcodeKey(postcode));
    this.places.set(postcode, place);
    return place;
  };

  constructor(ret: Ssda903Return, options: ContextOptions) {
    const match = /^(\d{4})-(\d{2})$/.exec(options.collectionYear);
    if (!match || (Number(match[1]) + 1) % 100 !== Number(match[2])) {
      throw new Error(`Not a collection year in the form YYYY-YY (e.g. 2025-26): ${JSON.stringify(options.collectionYear)}`);
    }
    const first = Number(match[1]);
    this.current = ret.current;
    this.previous = ret.previous;
    this.start = `${first}-04-01`;
    this.end = `${first + 1}-03-31`;
    this.laGss = options.laGss;
    this.postcodes = options.postcodes;
    this.providers = options.providers;
  }

  /** Whether a need is met. */
  has(need: Need): boolean {
    if (need === 'postcodes') return this.postcodes !== undefined;
    if (need === 'providers') return this.providers !== undefined;
    if (need.startsWith('last:')) return this.previous?.[need.slice(5) as TableName] !== undefined;
    return this.current[need as TableName] !== undefined;
  }

  /** This year's rows of a table the rule declared it needs. */
  rows<T extends TableName>(table: T): TableRows[T][] {
    const rows = this.current[table];
    if (!rows) throw new Error(`Rule ${this.code} used ${table} without declaring it`);
    return rows;
  }

  /** Last year's rows of a table the rule declared it needs ('last:table'). */
  lastRows<T extends TableName>(table: T): TableRows[T][] {
    const rows = this.previous?.[table];
    if (!rows) throw new Error(`Rule ${this.code} used last year's ${table} without declaring it`);
    return rows;
  }

  /** This year's rows grouped by child. */
  children(): Map<string, RuleChild> {
    this.childrenMemo ??= ruleChildren(this.current);
    return this.childrenMemo;
  }

  /** Last year's rows grouped by child (empty when last year's files were not given). */
  previousChildren(): Map<string, RuleChild> {
    this.previousChildrenMemo ??= this.previous ? ruleChildren(this.previous) : new Map();
    return this.previousChildrenMemo;
  }

  /** The children with at least one row in a table this year (for rules on a sparse table). */
  childrenWith(table: TableName): RuleChild[] {
    let list = this.withMemo.get(table);
    if (!list) {
      list = [...this.children().values()].filter((child) => child[table].length > 0);
      this.withMemo.set(table, list);
    }
    return list;
  }

  /** The CHILD values (blank included, as null) of a table this year, for "is this child in X" checks. */
  childIds(table: TableName): Set<string | null> {
    let ids = this.idsMemo.get(table);
    if (!ids) {
      ids = new Set((this.current[table] ?? []).map((row) => row.CHILD));
      this.idsMemo.set(table, ids);
    }
    return ids;
  }

  /** The child's this-year record (empty lists when the child has no rows). */
  child(id: string | null): RuleChild | undefined {
    return id === null ? undefined : this.children().get(id);
  }

  /**
   * A child's episodes in date order (DECOM ascending, episodes without a valid DECOM last, ties in
   * file order), computed once per child. Shared: do not change it.
   */
  episodesByStart(child: RuleChild): readonly EpisodeRow[] {
    child.byStart ??= child.episodes.length < 2 ? child.episodes : byStart(child.episodes);
    return child.byStart;
  }

  /**
   * A child's social worker episodes in date order (SW_DECOM ascending, no valid SW_DECOM last, ties
   * in file order), computed once per child. Shared: do not change it.
   */
  swEpisodesByStart(child: RuleChild): readonly SwEpisodeRow[] {
    child.swByStart ??= [...child.swEpisodes].sort((a, b) => (a.SW_DECOM === b.SW_DECOM ? 0 : a.SW_DECOM === null ? 1 : b.SW_DECOM === null ? -1 : a.SW_DECOM < b.SW_DECOM ? -1 : 1));
    return child.swByStart;
  }

  /** Episodes of a child (empty when none). */
  episodesOf(id: string | null): EpisodeRow[] {
    return this.child(id)?.episodes ?? [];
  }

  /**
   * Children looked after continuously for at least 12 months at 31 March (the OC2 cohort), as the
   * DfE's validation rules define it: looked after at some point in the year, and no episode that
   * starts a period of care after 1 April (RNE 'S'), ends one before 31 March (REC other than
   * 'X1'), or is short-term respite (LS 'V3'/'V4') during the year.
   */
  continuouslyLookedAfter(): Set<string> {
    if (this.claMemo) return this.claMemo;
    const cla = new Set<string>();
    for (const [id, child] of this.children()) {
      let inYear = false;
      let broken = false;
      for (const e of child.episodes) {
        const during = e.DECOM !== null && e.DECOM <= this.end && (e.DEC === null || e.DEC >= this.start);
        if (during) inYear = true;
        const enters = e.RNE === 'S' && e.DECOM !== null && e.DECOM > this.start && e.DECOM <= this.end;
        const leaves = e.REC !== 'X1' && e.DEC !== null && e.DEC >= this.start && e.DEC < this.end;
        const respite = (e.LS === 'V3' || e.LS === 'V4') && during;
        if (enters || leaves || respite) broken = true;
      }
      if (inYear && !broken) cla.add(id);
    }
    this.claMemo = cla;
    return cla;
  }

  /** PL_LA, PL_LOCATION and PL_DISTANCE of an episode (rules that use them need 'postcodes'). */
  placement(episode: EpisodeRow): Placement {
    if (!this.postcodes) throw new Error(`Rule ${this.code} used placement postcodes without declaring it`);
    this.placements ??= new Map();
    let placement = this.placements.get(episode);
    if (!placement) {
      placement = derivePlacement(episode, this.postcodes, this.laGss, this.findPlace);
      this.placements.set(episode, placement);
    }
    return placement;
  }

  /** Whether a postcode (upper case, no spaces) is in the postcode lookup (rules that ask need 'postcodes'). */
  knownPostcode(key: string): boolean {
    if (!this.postcodes) throw new Error(`Rule ${this.code} used placement postcodes without declaring it`);
    return this.postcodes.has(key);
  }

  /** Date of a child's birthday: `addYears(dob, years)`, null when the date of birth is unknown. */
  birthday(dob: IsoDate | null, years: number): IsoDate | null {
    return dob === null ? null : addYears(dob, years);
  }

  /** Reports that the running rule fails on `row` (the finding belongs to the row's child). */
  flag(row: Flaggable): void {
    this.findings.push({ rule: this.code, child: row.CHILD ?? '', file: row.file, line: row.line });
  }

  /** Reports each row of a list. */
  flagAll(rows: Iterable<Flaggable>): void {
    for (const row of rows) this.flag(row);
  }
}
