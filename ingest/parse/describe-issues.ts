/** Minimal issue shape shared by zod issues and validateMetadata's issues. */
export interface FieldIssue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Joins metadata issues into one operator-facing message that names every field, e.g.
 * `front matter field "organisation_type": must be one of kommune, region, stat, andet (got "kommunal")`.
 * `label` says where the fields live ("front matter field", "column", "field"); `joinPath` renders
 * a nested path (contact.email in YAML/JSON, contact_email as a CSV column).
 */
export function describeIssues(
  issues: readonly FieldIssue[],
  label: string,
  joinPath: (path: string[]) => string = (path) => path.join('.'),
): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String);
      return path.length === 0 ? issue.message : `${label} "${joinPath(path)}": ${issue.message}`;
    })
    .join('; ');
}
