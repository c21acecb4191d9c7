export { identityRoutes } from './routes.ts';
export { addUser, disableUser, resetPassword, signInWithPassword, startSession, resumeSession, savePending, toSignedInUser, type SignedInUser, type Session } from './service.ts';
export { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
export { findUserByEmail } from './repository.ts';
