/**
 * Placement providers: the council's own fostering and adoption services, independent fostering
 * agencies, children's homes, supported accommodation and the rest, each with a fictional Ofsted
 * unique reference number (URN) and, for a building, one postcode. The same seed gives the same
 * providers.
 */
import { HOME_DISTRICTS, PLACEMENT_DISTRICTS, postcodeIn } from './names.ts';
import { Random, hashWords, type Weighted } from './random.ts';

export type Provider = { urn: string; postcode: string | null; provider: string };

/** Registered social care providers' URNs: "SC" and six digits, or seven digits for newer registrations. */
function urn(random: Random, modern: boolean): string {
  return modern ? `2${String(random.int(0, 999_999)).padStart(6, '0')}` : `SC${String(random.int(100_000, 999_999))}`;
}

export class Providers {
  /** The council's fostering service (foster carers it approves itself, PR1). */
  readonly councilFostering: Provider;
  /** The regional adoption agency the council belongs to (PR2) and the council's own agency (PR1). */
  readonly adoptionAgencies: Provider[];
  readonly fosteringAgencies: Provider[];
  readonly childrensHomes: Provider[];
  readonly supportedAccommodation: Provider[];
  readonly secureHomes: Provider[];
  readonly parentAndBabyUnits: Provider[];

  constructor(seed: number) {
    const r = new Random(hashWords(seed, 0x70726f76));
    const building = (districts: Weighted<string>, provider: string, modern = false): Provider => ({ urn: urn(r, modern), postcode: postcodeIn(r, districts.pick(r)), provider });
    this.councilFostering = { urn: urn(r, false), postcode: null, provider: 'PR1' };
    this.adoptionAgencies = [
      { urn: urn(r, false), postcode: null, provider: 'PR2' },
      { urn: urn(r, false), postcode: null, provider: 'PR1' },
      { urn: urn(r, false), postcode: null, provider: 'PR5' },
    ];
    this.fosteringAgencies = Array.from({ length: 24 }, (_, i) => ({ urn: urn(r, false), postcode: null, provider: i % 6 === 0 ? 'PR5' : 'PR4' }));
    this.childrensHomes = Array.from({ length: 60 }, (_, i) => building(i % 5 === 0 ? HOME_DISTRICTS : PLACEMENT_DISTRICTS, i % 10 === 0 ? 'PR1' : i % 7 === 0 ? 'PR5' : 'PR4'));
    this.supportedAccommodation = Array.from({ length: 30 }, (_, i) => building(i % 3 === 0 ? HOME_DISTRICTS : PLACEMENT_DISTRICTS, i % 4 === 0 ? 'PR5' : 'PR4', true));
    this.secureHomes = Array.from({ length: 4 }, (_, i) => building(PLACEMENT_DISTRICTS, i === 0 ? 'PR1' : 'PR2'));
    this.parentAndBabyUnits = Array.from({ length: 5 }, () => building(PLACEMENT_DISTRICTS, 'PR4'));
  }
}
