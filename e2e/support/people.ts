/** People at their computers: a fresh browser context signed in through the sign-in form. */
import assert from 'node:assert/strict';
import type { Role } from '../../src/core/policy/index.ts';
import { HomePage } from '../pages/home-page.ts';
import { SignInPage } from '../pages/sign-in-page.ts';
import type { Haven } from './browser.ts';

/** Opens Haven in a new browser context and signs in as the test partnership's account for the role. */
export async function signedIn(haven: Haven, role: Role): Promise<HomePage> {
  const page = await haven.newPage();
  const signIn = await SignInPage.open(page);
  await signIn.signInAs(role);
  const home = new HomePage(page);
  assert.equal(new URL(page.url()).pathname, '/', `${role} should land on the home page after signing in`);
  await home.signOutButton.waitFor();
  return home;
}
