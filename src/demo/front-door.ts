/**
 * A live front door for the demonstration: the morning's MASH queue as a manager finds it, so the
 * queue, the huddle, the portal and the consultation line have something to show on first start.
 * Made through the front door's own domain functions (so every step is audited and every clock is
 * the real one), dated relative to now, and only when the partnership has no MASH contact yet.
 */
import type { Kysely } from '../core/db/kysely.ts';
import type { Database } from '../core/db/schema.ts';
import type { Actor, Role } from '../core/policy/index.ts';
import {
  decideContact, logConsultation, requestResearch, answerResearch, screenContact, submitContact, contactInsert, recordFeedback,
} from '../modules/front-door/service.ts';
import { addUser } from '../modules/identity/index.ts';
import { demoEmail } from './partnership.ts';

type Db = Kysely<Database>;

const HOUR = 3_600_000;

type Story = {
  hoursAgo: number;
  door: 'hub' | 'portal' | 'api';
  agency: 'school' | 'police' | 'health' | 'voluntary' | null;
  child: [first: string, last: string, dob: string | null];
  concerns: string;
  rag?: 'red' | 'amber' | 'green';
  research?: ('police' | 'health')[];
  answered?: ('police' | 'health')[];
  decision?: 'advice' | 'nfa';
  feedbackGiven?: boolean;
};

/** Fictional children and worries, in the words a referrer would use. */
const STORIES: Story[] = [
  { hoursAgo: 0.5, door: 'portal', agency: 'school', child: ['Leo', 'Barnes', '2016-05-14'], concerns: 'Leo came to school with a bruise on his cheek and said his mum’s partner hit him last night.', rag: 'red', research: ['police', 'health'] },
  { hoursAgo: 1.2, door: 'api', agency: 'police', child: ['Maisie', 'Clarke', '2019-02-02'], concerns: 'Police attended a domestic incident at the home overnight; Maisie was present and distressed.', rag: 'amber', research: ['health'], answered: ['health'] },
  { hoursAgo: 2, door: 'hub', agency: 'health', child: ['Noah', 'Patel', '2024-11-30'], concerns: 'Health visitor worried about weight loss and missed appointments for a baby under one.', rag: 'amber', research: ['police'] },
  { hoursAgo: 3, door: 'hub', agency: null, child: ['Ava', 'Robinson', '2012-08-09'], concerns: 'A neighbour rang: the children are often left alone in the evenings and the house is cold.' },
  { hoursAgo: 5, door: 'portal', agency: 'school', child: ['Kai', 'Mensah', '2011-01-21'], concerns: 'Attendance has fallen to 60% this term; Kai says he looks after his younger brothers.', rag: 'green' },
  { hoursAgo: 6, door: 'api', agency: 'police', child: ['Ruby', 'Evans', '2009-07-03'], concerns: 'Ruby was reported missing overnight and found with older males in a car; possible exploitation.', rag: 'red', research: ['health'], answered: ['health'] },
  { hoursAgo: 20, door: 'hub', agency: 'voluntary', child: ['Zara', 'Ahmed', '2015-03-17'], concerns: 'Family support worker reports the family is facing eviction and mum is struggling with her mental health.', rag: 'green', decision: 'advice' },
  { hoursAgo: 26, door: 'portal', agency: 'school', child: ['Theo', 'Wright', '2013-10-11'], concerns: 'Theo was upset after a falling out with friends online; parents are supportive and aware.', rag: 'green', decision: 'nfa', feedbackGiven: true },
  { hoursAgo: 30, door: 'api', agency: 'police', child: ['Isla', 'Morgan', '2017-12-25'], concerns: 'Neighbour dispute reported; Isla was not present; no concerns about her care identified.', rag: 'green', decision: 'nfa' },
  { hoursAgo: 50, door: 'hub', agency: 'health', child: ['Finley', 'Hughes', null], concerns: 'Midwife: unborn baby, mother has a history of substance misuse and missed antenatal care.', rag: 'amber' },
];

/** Creates the demonstration front door when the partnership has no MASH contact; returns how many contacts it made. */
export async function ensureDemoFrontDoor(db: Db, laCode: string, now = new Date()): Promise<number> {
  const existing = await db.selectFrom('mash_contact').select('contact_id').where('la_code', '=', laCode).limit(1).executeTakeFirst();
  if (existing) return 0;

  const users = await db.selectFrom('app_user').select(['id', 'email', 'role', 'team_id', 'agency_id']).where('la_code', '=', laCode).execute();
  const actor = (role: Role): Actor => {
    const u = users.find((x) => x.email === demoEmail(role));
    if (!u) throw new Error(`The demonstration partnership has no ${role} account: run haven serve --demo on a new data directory`);
    return { id: u.id, laCode, role, teamId: u.team_id, agencyId: u.agency_id };
  };
  const agencies = await db.selectFrom('agency').select(['id', 'agency_type', 'name']).where('la_code', '=', laCode).execute();
  const agencyOf = (type: string): { id: string; agency_type: string; name: string } | undefined => agencies.find((a) => a.agency_type === type);
  // The police and health researchers who sit in the hub (accounts for single sign-on only: they
  // answer research in the demonstration, nobody signs in as them).
  for (const [type, name] of [['police', 'DC Lewis Grant'], ['health', 'Nurse Joy Adebayo']] as const) {
    const agency = agencyOf(type);
    const email = `mash.researcher.${type}@demo.haven.test`;
    if (agency && !users.some((u) => u.email === email)) {
      const u = await addUser(db, { laCode, email, displayName: name, role: 'mash_practitioner', agency: agency.name });
      users.push({ id: u.id, email, role: u.role, team_id: u.team_id, agency_id: u.agency_id });
    }
  }
  const manager = actor('mash_manager');
  const practitioner = actor('mash_practitioner');
  const partner = actor('partner_practitioner');
  const audit = (a: Actor) => ({ actor: { id: a.id, role: a.role }, ip: '127.0.0.1', requestId: 'demo' });

  let made = 0;
  for (const story of STORIES) {
    const agency = story.agency ? (story.door === 'portal' ? agencies.find((a) => a.id === partner.agencyId) : agencyOf(story.agency)) : undefined;
    const receivedAt = new Date(now.getTime() - story.hoursAgo * HOUR);
    const submitter = story.door === 'portal' ? partner : practitioner;
    const insert = contactInsert({
      receivedAt, sourceDetail: null, referrerAgencyId: agency?.id ?? null, agencyReference: story.door === 'api' ? `DEMO-${made + 1}` : null,
      referrer: story.agency ? { name: story.door === 'portal' ? 'Grace Wood' : 'Duty officer', role: story.door === 'portal' ? 'Designated safeguarding lead' : null, email: null, phone: null }
        : { name: 'A neighbour', role: null, email: null, phone: null },
      child: { firstName: story.child[0], lastName: story.child[1], dateOfBirth: story.child[2], details: {} },
      concerns: story.concerns, familyAware: story.agency === 'police' ? 'yes' : 'not_known', familyAwareDetail: null,
      consent: { state: story.agency === 'police' ? 'not_required' : 'not_sought', reason: story.agency === 'police' ? null : 'Not yet asked' },
      source: story.agency ? null : '6',
    }, story.door, { referrerAgencyType: agency?.agency_type ?? null, referrerUserId: story.door === 'portal' ? partner.id : null, apiClientId: null });
    const { id } = await submitContact(db, laCode, insert, audit(submitter));
    made += 1;
    if (!story.rag) continue;
    await screenContact(db, manager, id, {
      rag: story.rag, reason: null, needLevel: story.rag === 'red' ? 4 : story.rag === 'amber' ? 3 : 2,
      consentState: story.rag === 'green' ? 'given' : 'not_required', consentReason: null,
      lawfulBasis: story.rag === 'green' ? null : 'Reasonable cause to suspect significant harm (Children Act 1989 s47; DPA 2018 Sch 8 para 4)',
      authoriseSharing: story.rag !== 'green',
    }, audit(manager));
    for (const type of story.research ?? []) {
      const target = agencyOf(type);
      if (!target) continue;
      const requestId = await requestResearch(db, manager, id, { agencyId: target.id, question: 'What do you know about the child and the household?', workingHours: null }, audit(manager));
      if (story.answered?.includes(type)) {
        const researcher = users.find((u) => u.email === `mash.researcher.${type}@demo.haven.test`)!;
        const who: Actor = { id: researcher.id, laCode, role: 'mash_practitioner', teamId: researcher.team_id, agencyId: researcher.agency_id };
        await answerResearch(db, who, requestId, 'Known to us: two previous contacts in 2025, no current involvement.', audit(who));
      }
    }
    if (story.decision) {
      await decideContact(db, manager, id, {
        decision: story.decision,
        reasons: story.decision === 'advice' ? 'Needs are met by universal services with signposting to housing advice.' : 'No indication of harm; family aware and supportive.',
        feedback: story.decision === 'advice' ? 'We have advised the family about housing support and the local family hub.' : 'No further action by children’s social care.',
      }, audit(manager), new Date(receivedAt.getTime() + 3 * HOUR));
      if (story.feedbackGiven) await recordFeedback(db, manager, id, 'phone', audit(manager));
    }
  }

  const consultations: [string, string, string, string][] = [
    ['Deputy head, St Anne’s Primary School', 'A child disclosed that an older cousin touches her; should the school tell the parents first?', 'Do not tell the parents yet; make a contact today through the portal.', 'school'],
    ['Health visitor', 'Baby with a small bruise on the arm, parents’ explanation plausible.', 'Bruising in a non-mobile baby needs a paediatric assessment today and a contact.', 'health'],
    ['Member of the public', 'Worried about children playing outside late at night next door.', 'Advised to ring back with more detail or call the police in an emergency.', ''],
  ];
  for (const [i, [caller, concern, advice, type]] of consultations.entries()) {
    const agency = type ? agencyOf(type) : undefined;
    await logConsultation(db, practitioner, {
      consultedAt: new Date(now.getTime() - (i + 1) * 2 * HOUR), callerName: caller, callerRole: null, callerAgencyId: agency?.id ?? null, callerAgencyName: null,
      callerPhone: null, childName: null, concern, advice, followUp: i === 0 ? 'Check the portal for the school’s contact by 4pm' : null, followUpDue: null,
    }, audit(practitioner));
  }
  return made;
}
