/**
 * zod/mini configures no locale: without one every issue's message is "Invalid input". Classic
 * zod registers English on its first schema unless a locale is already set; this does the same
 * once for every schema of core and store (imported by each core module that builds schemas), so
 * a function that bundles only zod/mini words its errors as before.
 */

import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// The one locale, not `z.locales.en`: through the namespace the bundles would keep every locale they hold.
if (!z.config().localeError) z.config(en());
