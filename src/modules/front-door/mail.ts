/**
 * Email from the front door: the outcome of a contact to its referrer, and the record of a
 * strategy discussion to its attendees. Sent by SMTP (nodemailer) to the server in HAVEN_SMTP_URL,
 * e.g. smtp://relay.council.gov.uk:25 or smtps://user:pass@smtp.example.org:465; from
 * HAVEN_MAIL_FROM. With no HAVEN_SMTP_URL nothing is sent and the hub records feedback by hand.
 *
 * Emails say what happened and where to read it, never the child's name or identifiers: a
 * mailbox is not a safe place for special category data. The detail stays in Haven, behind sign-in.
 * (A strategy discussion's actions are included, as the attendees must act on them.)
 */
import nodemailer from 'nodemailer';

export type Mail = { to: string; subject: string; text: string };

export type Mailer = {
  /** True when an SMTP server is configured. */
  readonly enabled: boolean;
  /** Sends one message; rejects with the server's error when it is refused or cannot be reached. */
  send(mail: Mail): Promise<void>;
  close(): void;
};

export type MailSettings = { smtpUrl: string | undefined; from: string };

/** Reads the mail settings from the environment (HAVEN_SMTP_URL, HAVEN_MAIL_FROM). */
export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MailSettings {
  return { smtpUrl: env.HAVEN_SMTP_URL || undefined, from: env.HAVEN_MAIL_FROM || 'Haven <no-reply@haven.invalid>' };
}

export function createMailer(settings: MailSettings): Mailer {
  if (!settings.smtpUrl) {
    return { enabled: false, send: async () => { throw new Error('No mail server is configured (HAVEN_SMTP_URL)'); }, close: () => undefined };
  }
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    // Fail in seconds when the relay is down: the hub then sees the feedback as not yet given.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    enabled: true,
    send: async (mail) => {
      await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}

/** The email that tells a referrer the outcome of their contact. */
export function outcomeMail(input: { to: string; reference: string; receivedOn: string; outcome: string; feedback: string | null; portalUrl: string | null }): Mail {
  const lines = [
    `Thank you for your contact ${input.reference}, received on ${input.receivedOn}.`,
    '',
    `The multi-agency safeguarding hub has decided: ${input.outcome}.`,
  ];
  // The hub's note to the referrer is free text that may name the child: it stays in Haven.
  if (input.portalUrl) lines.push('', `The hub’s note and the outcome are in Haven: ${input.portalUrl}`);
  else if (input.feedback) lines.push('', 'The hub will tell you more by phone if you need it.');
  lines.push('', 'This email does not name the child. Do not reply with personal information.');
  return { to: input.to, subject: `Outcome of your contact ${input.reference}`, text: lines.join('\n') };
}

/** The email that shares a strategy discussion's record with one attendee. */
export function strategyMail(input: { to: string; reference: string; heldOn: string; decision: string; actions: { action: string; owner: string }[]; url: string }): Mail {
  const lines = [
    `The strategy discussion you attended on ${input.heldOn} (contact ${input.reference}) decided: ${input.decision}.`,
  ];
  if (input.actions.length) {
    lines.push('', 'Actions:');
    for (const a of input.actions) lines.push(`- ${a.action} (${a.owner})`);
  }
  lines.push('', `The full record, with the safety plan, is in Haven: ${input.url}`, '', 'Share this email only with those who need to know. Do not reply with personal information.');
  return { to: input.to, subject: `Strategy discussion record: contact ${input.reference}`, text: lines.join('\n') };
}
