/**
 * The console's sign-in page, rendered on the server so it works without JavaScript: one password field for the
 * personal access token, and an optional error or notice. No inline script or style (the CSP forbids both).
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** What the sign-in page says above the form. */
export interface SignInPageOptions {
  /** Shown as an alert (wrong token, disabled account, expired session). */
  error?: string;
  /** Shown as a polite status (signed out). */
  notice?: string;
}

/** The sign-in page's HTML. */
export function renderSignInPage({ error, notice }: SignInPageOptions = {}): string {
  const describedBy = error ? 'token-hint token-error' : 'token-hint';
  return `<!doctype html>
<html lang="da">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>Log ind – Kraftcentrets rådgiverkonsol</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/advisers/assets/console.css">
  </head>
  <body class="sign-in">
    <main class="sign-in__card">
      <p class="brand"><span class="brand__mark" aria-hidden="true">K</span> Kraftcentret</p>
      <h1>Rådgiverkonsol</h1>
      <p class="sign-in__lead">Log ind med dit personlige adgangstoken for at se og besvare henvendelser fra chatten.</p>
      ${notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : ''}
      ${error ? `<p class="alert" id="token-error" role="alert">${escapeHtml(error)}</p>` : ''}
      <form method="post" action="/advisers/session" class="sign-in__form">
        <label for="token">Adgangstoken</label>
        <input id="token" name="token" type="password" required autocomplete="current-password" spellcheck="false"
          autocapitalize="off" maxlength="200" aria-describedby="${describedBy}"${error ? ' aria-invalid="true" autofocus' : ''}>
        <p id="token-hint" class="hint">Tokenet begynder med <code>kca_</code>. Du får det af en administrator
          (<code>npm run advisers -- add</code>). Mistet? Bed om et nyt (<code>rotate</code>).</p>
        <button type="submit" class="button button--primary">Log ind</button>
      </form>
    </main>
  </body>
</html>
`;
}
