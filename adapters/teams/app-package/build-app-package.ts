/**
 * The Teams app package: a zip with manifest.json, color.png (192×192) and outline.png (32×32), ready to upload in
 * Teams (Apps → Manage your apps → Upload an app) or in the Teams admin center.
 */
import { AppError } from '../../../config/app-error.js';
import { colorIcon, outlineIcon } from './icons.js';
import { buildManifest, manifestProblems, type ManifestInput } from './manifest.js';
import { writeZip } from './zip-writer.js';

/** Used when MICROSOFT_APP_ID is not set: the package is then only good for looking at, not for Teams. */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

/** Options for {@link buildAppPackage}; every URL must be https. */
export interface AppPackageOptions extends Partial<Omit<ManifestInput, 'botId' | 'version'>> {
  /** MICROSOFT_APP_ID; a placeholder (with a loud warning) when undefined. */
  botId?: string;
  version: string;
}

/** The zip, the manifest in it, and warnings the operator must read. */
export interface AppPackage {
  zip: Buffer;
  manifest: Record<string, unknown>;
  warnings: string[];
}

const PLACEHOLDER_URL = 'https://example.dk/kraftcenter';

/**
 * Builds the package.
 * @throws AppError 'teams.invalid_manifest' listing the manifest's problems (e.g. a bot id that is not a GUID, a version that is not x.y.z)
 * @example
 * const { zip, warnings } = buildAppPackage({ botId: config.appId, version: '1.0.0' });
 */
export function buildAppPackage(options: AppPackageOptions): AppPackage {
  const warnings: string[] = [];
  if (!options.botId) {
    warnings.push(`MICROSOFT_APP_ID is not set: the manifest uses the placeholder bot id ${PLACEHOLDER_BOT_ID} and will NOT work in Teams`);
  }
  const url = (value: string | undefined, what: string): string => {
    if (value) return value;
    warnings.push(`no ${what} URL given: using the placeholder ${PLACEHOLDER_URL} (set it before publishing)`);
    return PLACEHOLDER_URL;
  };
  const manifest = buildManifest({
    botId: options.botId ?? PLACEHOLDER_BOT_ID,
    version: options.version,
    developerName: options.developerName ?? 'Kraftcenteret',
    websiteUrl: url(options.websiteUrl, 'website'),
    privacyUrl: url(options.privacyUrl, 'privacy policy'),
    termsOfUseUrl: url(options.termsOfUseUrl, 'terms of use'),
  });
  const problems = manifestProblems(manifest);
  if (problems.length > 0) throw new AppError('teams.invalid_manifest', `The Teams manifest is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2), 'utf8') },
    { name: 'color.png', data: colorIcon() },
    { name: 'outline.png', data: outlineIcon() },
  ]);
  return { zip, manifest, warnings };
}
