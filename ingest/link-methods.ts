/**
 * Links documents to the method documents they used: each name in a document's front-matter `methods` is
 * normalised (slug) and matched against every method document's id, its name (the title before " – ") and its
 * `aliases`. A name two methods claim is left unlinked rather than guessed. Runs after every ingest that wrote or
 * removed documents, so a new case, a renamed method or a new alias takes effect at once.
 */
import type { Db } from '../knowledge/db/db.js';
import type { LibraryDocument } from '../knowledge/documents/library-document.js';
import { methodName } from '../knowledge/documents/method-name.js';
import {
  listDocumentMethods,
  listMethodNames,
  replaceMethodAliases,
  replaceMethodLinks,
} from '../knowledge/store/method-links.js';
import { slugify } from './parse/slugify.js';

/** The comparable form of a method name: "Design Thinking" and "design-thinking" meet. */
export function methodKey(name: string): string {
  return slugify(name);
}

/** The keys a method document answers to: its id, its name (title before " – ") and its aliases. */
export function methodKeys(method: { id: string; title: string; aliasKeys?: string[] }): string[] {
  return [...new Set([methodKey(method.id), methodKey(methodName(method.title)), ...(method.aliasKeys ?? [])].filter(Boolean))];
}

/** Key → method id, leaving out keys that more than one method claims. */
export function methodIndex(methods: { id: string; title: string; aliasKeys?: string[] }[]): Map<string, string> {
  const owners = new Map<string, Set<string>>();
  for (const method of methods) {
    for (const key of methodKeys(method)) owners.set(key, (owners.get(key) ?? new Set()).add(method.id));
  }
  const index = new Map<string, string>();
  for (const [key, ids] of owners) if (ids.size === 1) index.set(key, [...ids][0]!);
  return index;
}

/** Stores the aliases of the method documents just written, then recomputes every link. */
export async function linkMethods(db: Db, written: Pick<LibraryDocument, 'id' | 'type' | 'aliases'>[]): Promise<number> {
  return db.transaction(async (tx) => {
    await replaceMethodAliases(
      tx,
      written.map((document) => ({
        methodId: document.id,
        aliasKeys: document.type === 'method' ? (document.aliases ?? []).map(methodKey) : [],
      })),
    );
    const index = methodIndex(await listMethodNames(tx));
    const links: { documentId: string; methodId: string; methodName: string }[] = [];
    for (const document of await listDocumentMethods(tx)) {
      for (const name of document.methods) {
        const methodId = index.get(methodKey(name));
        if (methodId && !links.some((link) => link.documentId === document.id && link.methodId === methodId)) {
          links.push({ documentId: document.id, methodId, methodName: name });
        }
      }
    }
    await replaceMethodLinks(tx, links);
    return links.length;
  });
}
