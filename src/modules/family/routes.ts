/**
 * The child's family and household: the household view, adding and correcting people around the
 * child, linking brothers and sisters who have their own records, and former names. Viewing is
 * `child.view`, changing is `child.edit`, both decided on the child's record and audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../server.ts';
import type { Child } from '../../core/db/schema.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit.ts';
import { londonDateOf } from '../../core/calendar/index.ts';
import { decide, type Action } from '../../core/policy/index.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { authorizeChild, childRecordRef, type ChildAccess } from '../people/index.ts';
import { listAgencies, listFormerNames, listRelationships } from './repository.ts';
import {
  addPerson, familyOf, linkChildren, readFormerNameForm, readPersonForm, RELATIONSHIPS, SIBLING_RELATIONSHIPS, updatePerson,
} from './service.ts';

const uuid = { type: 'string', format: 'uuid' } as const;
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;
const relationshipParams = { type: 'object', properties: { id: uuid, relationship: uuid }, required: ['id', 'relationship'] } as const;
const formerNameParams = { type: 'object', properties: { id: uuid, formerName: uuid }, required: ['id', 'formerName'] } as const;
const form = { type: 'object', additionalProperties: true } as const;

const errorsOf = (issues: FieldIssue[]) => ({
  errors: issues.map((i) => ({ text: i.message, href: `#${i.field}` })),
  errorFor: Object.fromEntries(issues.map((i) => [i.field, i.message])),
});
const today = (): string => londonDateOf(new Date());
const nameOf = (child: Child): string => [child.first_name, child.last_name].filter(Boolean).join(' ') || child.la_child_id;

function refuse(reply: FastifyReply, access: ChildAccess) {
  if (access.decision.canBreakGlass) return reply.render('people/views/break-glass.njk', { title: 'This record is restricted', childId: access.child.id }, 403);
  throw new ForbiddenError();
}

export async function familyRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db } = ctx;
  const audit = (request: FastifyRequest, child: Child, action: string, detail: Record<string, unknown>) => ({
    laCode: child.la_code, actor: request.user, action, recordType: 'child', recordId: child.id, outcome: 'succeeded' as const, ip: request.ip, requestId: request.id, detail,
  });
  const open = (request: FastifyRequest, action: Action, auditAs: string) => authorizeChild(db, request, action, auditAs);

  app.get('/children/:id/family', { config: { policy: 'child.view' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const access = await open(request, 'child.view', 'child.family.view');
    if (!access.decision.allowed) return refuse(reply, access);
    const family = await familyOf(db, access.child);
    const canEdit = decide(request.user!, 'child.edit', await childRecordRef(db, access.child)).allowed;
    return reply.render('family/views/family.njk', { title: `${nameOf(access.child)}’s family and household`, child: access.child, family, canEdit });
  });

  // People around the child ------------------------------------------------------------------

  const personPage = async (reply: FastifyReply, child: Child, title: string, values: Record<string, unknown>, issues: FieldIssue[] = [], status = 200) =>
    reply.render('family/views/person.njk', {
      title, child, values, relationships: RELATIONSHIPS, agencies: await listAgencies(db, child.la_code), ...errorsOf(issues),
    }, status);

  app.get('/children/:id/family/people/new', { config: { policy: 'child.edit' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const access = await open(request, 'child.edit', 'child.family.person.open');
    if (!access.decision.allowed) return refuse(reply, access);
    return personPage(reply, access.child, 'Add a person to the child’s family and network', {});
  });

  app.post('/children/:id/family/people/new', { config: { policy: 'child.edit' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const access = await open(request, 'child.edit', 'child.family.person.open');
    if (!access.decision.allowed) return refuse(reply, access);
    const body = request.body as Record<string, unknown>;
    const agencies = await listAgencies(db, access.child.la_code);
    const { values, issues } = readPersonForm(body, today(), agencies.map((a) => a.id));
    if (issues.length) return personPage(reply, access.child, 'Add a person to the child’s family and network', body, issues, 400);
    await db.transaction().execute(async (trx) => {
      const relationshipId = await addPerson(trx, access.child, values);
      await recordAudit(trx, audit(request, access.child, 'child.family.person.add', { relationshipId, relationship: values.relationship }));
    });
    return reply.redirect(`/children/${access.child.id}/family`, 303);
  });

  const loadRelationship = async (child: Child, relationshipId: string) => {
    const row = (await listRelationships(db, child.la_code, child.id)).find((r) => r.id === relationshipId && r.person_id);
    if (!row) throw new NotFoundError();
    return row;
  };

  app.get('/children/:id/family/:relationship/edit', { config: { policy: 'child.edit' }, schema: { hide: true, params: relationshipParams } }, async (request, reply) => {
    const access = await open(request, 'child.edit', 'child.family.person.open');
    if (!access.decision.allowed) return refuse(reply, access);
    const row = await loadRelationship(access.child, (request.params as { relationship: string }).relationship);
    const [y, m, d] = (row.date_of_birth ?? '').split('-');
    return personPage(reply, access.child, 'Change a person’s details', {
      relationship: row.relationship, firstName: row.first_name, lastName: row.last_name, phone: row.phone, email: row.email, address: row.address,
      postcode: row.postcode, agencyId: row.agency_id, livesWithChild: row.lives_with_child ? 'yes' : 'no', parentalResponsibility: row.has_parental_responsibility ? 'yes' : 'no',
      'dateOfBirth-day': d, 'dateOfBirth-month': m, 'dateOfBirth-year': y,
    });
  });

  app.post('/children/:id/family/:relationship/edit', { config: { policy: 'child.edit' }, schema: { hide: true, params: relationshipParams, body: form } }, async (request, reply) => {
    const access = await open(request, 'child.edit', 'child.family.person.open');
    if (!access.decision.allowed) return refuse(reply, access);
    const row = await loadRelationship(access.child, (request.params as { relationship: string }).relationship);
    const body = request.body as Record<string, unknown>;
    const agencies = await listAgencies(db, access.child.la_code);
    const { values, issues } = readPersonForm(body, today(), agencies.map((a) => a.id));
    if (issues.length) return personPage(reply, access.child, 'Change a person’s details', body, issues, 400);
    await db.transaction().execute(async (trx) => {
      await updatePerson(trx, access.child, row.id, row.person_id!, values);
      await recordAudit(trx, audit(request, access.child, 'child.family.person.change', { relationshipId: row.id, from: { relationship: row.relationship, livesWithChild: row.lives_with_child, parentalResponsibility: row.has_parental_responsibility }, to: { relationship: values.relationship, livesWithChild: values.livesWithChild, parentalResponsibility: values.parentalResponsibility } }));
    });
    return reply.redirect(`/children/${access.child.id}/family`, 303);
  });

  // Brothers and sisters with their own records ---------------------------------------------

  const siblingPage = (reply: FastifyReply, child: Child, values: Record<string, unknown>, issues: FieldIssue[] = [], status = 200) =>
    reply.render('family/views/sibling.njk', { title: 'Link a brother, sister or cousin who has a record', child, values, relationships: SIBLING_RELATIONSHIPS, ...errorsOf(issues) }, status);

  app.get('/children/:id/family/children/new', { config: { policy: 'child.edit' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const access = await open(request, 'child.edit', 'child.family.sibling.open');
    if (!access.decision.allowed) return refuse(reply, access);
    return siblingPage(reply, access.child, {});
  });

  app.post('/children/:id/family/children/new', { config: { policy: 'child.edit' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const user = request.user!;
    const access = await open(request, 'child.edit', 'child.family.sibling.open');
    if (!access.decision.allowed) return refuse(reply, access);
    const body = request.body as Record<string, unknown>;
    const laChildId = String(body.laChildId ?? '').trim();
    const relationship = String(body.relationship ?? '');
    const issues: FieldIssue[] = [];
    const other = laChildId
      ? await db.selectFrom('child').selectAll().where('la_code', '=', user.laCode).where('la_child_id', '=', laChildId).where('merged_into', 'is', null).executeTakeFirst()
      : undefined;
    if (!laChildId) issues.push({ field: 'laChildId', message: 'Enter the LA child ID of the other child' });
    else if (!other) issues.push({ field: 'laChildId', message: 'There is no current record with that LA child ID' });
    else if (other.id === access.child.id) issues.push({ field: 'laChildId', message: 'Enter the LA child ID of another child, not this one' });
    // The other record changes too, so the user must be able to open it (a restricted record stays unlinked).
    else if (!decide(user, 'child.view', await childRecordRef(db, other)).allowed) issues.push({ field: 'laChildId', message: 'You cannot open that child’s record, so you cannot link it' });
    if (!SIBLING_RELATIONSHIPS.some((r) => r.code === relationship)) issues.push({ field: 'relationship', message: 'Select how the children are related' });
    if (body.livesTogether !== 'yes' && body.livesTogether !== 'no') issues.push({ field: 'livesTogether', message: 'Select whether the children live together' });
    if (issues.length || !other) return siblingPage(reply, access.child, body, issues, 400);
    await db.transaction().execute(async (trx) => {
      await linkChildren(trx, access.child, other, relationship, body.livesTogether === 'yes');
      await recordAudit(trx, audit(request, access.child, 'child.family.sibling.link', { relatedChildId: other.id, relationship }));
      await recordAudit(trx, audit(request, other, 'child.family.sibling.link', { relatedChildId: access.child.id, relationship }));
    });
    return reply.redirect(`/children/${access.child.id}/family`, 303);
  });

  // Former names --------------------------------------------------------------------------------

  const formerNamePage = (reply: FastifyReply, child: Child, title: string, values: Record<string, unknown>, issues: FieldIssue[] = [], status = 200) =>
    reply.render('family/views/former-name.njk', { title, child, values, ...errorsOf(issues) }, status);

  app.get('/children/:id/former-names/new', { config: { policy: 'child.edit' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const access = await open(request, 'child.edit', 'child.former-name.open');
    if (!access.decision.allowed) return refuse(reply, access);
    return formerNamePage(reply, access.child, 'Add a former name', {});
  });

  /** Saves a former name; a name the child already has on record is refused, not duplicated. */
  const saveFormerName = async (request: FastifyRequest, reply: FastifyReply, child: Child, title: string, formerNameId: string | null) => {
    const body = request.body as Record<string, unknown>;
    const { values, issues } = readFormerNameForm(body, child, today());
    const existing = await listFormerNames(db, child.la_code, child.id);
    if (!issues.length && existing.some((n) => n.id !== formerNameId && n.first_name?.toLowerCase() === values.firstName?.toLowerCase() && n.last_name?.toLowerCase() === values.lastName?.toLowerCase())) {
      issues.push({ field: 'firstName', message: 'This former name is already on the child’s record' });
    }
    if (issues.length) return formerNamePage(reply, child, title, body, issues, 400);
    await db.transaction().execute(async (trx) => {
      const row = { first_name: values.firstName, last_name: values.lastName, until_date: values.untilDate };
      if (formerNameId) {
        await trx.updateTable('child_former_name').set(row).where('la_code', '=', child.la_code).where('child_id', '=', child.id).where('id', '=', formerNameId).execute();
      } else {
        await trx.insertInto('child_former_name').values({ la_code: child.la_code, child_id: child.id, ...row }).execute();
      }
      await recordAudit(trx, audit(request, child, formerNameId ? 'child.former-name.change' : 'child.former-name.add', { formerNameId }));
    });
    return reply.redirect(`/children/${child.id}/family`, 303);
  };

  app.post('/children/:id/former-names/new', { config: { policy: 'child.edit' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const access = await open(request, 'child.edit', 'child.former-name.open');
    if (!access.decision.allowed) return refuse(reply, access);
    return saveFormerName(request, reply, access.child, 'Add a former name', null);
  });

  const loadFormerName = async (child: Child, id: string) => {
    const row = (await listFormerNames(db, child.la_code, child.id)).find((n) => n.id === id);
    if (!row) throw new NotFoundError();
    return row;
  };

  app.get('/children/:id/former-names/:formerName/edit', { config: { policy: 'child.edit' }, schema: { hide: true, params: formerNameParams } }, async (request, reply) => {
    const access = await open(request, 'child.edit', 'child.former-name.open');
    if (!access.decision.allowed) return refuse(reply, access);
    const row = await loadFormerName(access.child, (request.params as { formerName: string }).formerName);
    const [y, m, d] = (row.until_date ?? '').split('-');
    return formerNamePage(reply, access.child, 'Change a former name', { firstName: row.first_name, lastName: row.last_name, 'untilDate-day': d, 'untilDate-month': m, 'untilDate-year': y });
  });

  app.post('/children/:id/former-names/:formerName/edit', { config: { policy: 'child.edit' }, schema: { hide: true, params: formerNameParams, body: form } }, async (request, reply) => {
    const access = await open(request, 'child.edit', 'child.former-name.open');
    if (!access.decision.allowed) return refuse(reply, access);
    const row = await loadFormerName(access.child, (request.params as { formerName: string }).formerName);
    return saveFormerName(request, reply, access.child, 'Change a former name', row.id);
  });
}
