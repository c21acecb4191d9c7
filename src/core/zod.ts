/**
 * zod, as every Haven module imports it. Loaded through `require` for the same reason as Kysely
 * (src/core/db/kysely.ts): its ES module build is many small files, each a round trip to the
 * TypeScript loader's thread at start-up; the CommonJS build is the same library. Import `z` from
 * here, never from 'zod' directly, so one copy is loaded (types such as `z.infer` come from
 * `import type { z as zod } from 'zod'`, which loads nothing).
 */
import { createRequire } from 'node:module';
import type * as Zod from 'zod';

export const z = (createRequire(import.meta.url)('zod') as typeof Zod).z;
