/**
 * `fileTypes` of a search query → file-name globs. Accepts extensions
 * ('ts', '.ts', '*.ts') and the common ripgrep type names ('rust', 'py',
 * 'js'); both engines use the same globs so they agree on what is searched.
 */

const TYPE_GLOBS: Record<string, readonly string[]> = {
  js: ['*.js', '*.mjs', '*.cjs', '*.jsx'],
  ts: ['*.ts', '*.tsx', '*.mts', '*.cts'],
  typescript: ['*.ts', '*.tsx', '*.mts', '*.cts'],
  javascript: ['*.js', '*.mjs', '*.cjs', '*.jsx'],
  py: ['*.py', '*.pyi'],
  python: ['*.py', '*.pyi'],
  rust: ['*.rs'],
  rs: ['*.rs'],
  go: ['*.go'],
  java: ['*.java'],
  kotlin: ['*.kt', '*.kts'],
  c: ['*.c', '*.h'],
  cpp: ['*.cpp', '*.cc', '*.cxx', '*.hpp', '*.hh', '*.hxx', '*.h', '*.inl'],
  cs: ['*.cs'],
  csharp: ['*.cs'],
  ruby: ['*.rb', '*.rake', 'Gemfile', 'Rakefile'],
  rb: ['*.rb', '*.rake'],
  php: ['*.php'],
  swift: ['*.swift'],
  sh: ['*.sh', '*.bash', '*.zsh'],
  shell: ['*.sh', '*.bash', '*.zsh'],
  md: ['*.md', '*.markdown', '*.mdx'],
  markdown: ['*.md', '*.markdown', '*.mdx'],
  json: ['*.json', '*.jsonc', '*.json5'],
  yaml: ['*.yaml', '*.yml'],
  yml: ['*.yaml', '*.yml'],
  toml: ['*.toml'],
  html: ['*.html', '*.htm'],
  css: ['*.css', '*.scss', '*.sass', '*.less'],
  sql: ['*.sql'],
  vue: ['*.vue'],
  svelte: ['*.svelte'],
  make: ['Makefile', 'makefile', 'GNUmakefile', '*.mk'],
  docker: ['Dockerfile', '*.dockerfile', 'Dockerfile.*'],
  txt: ['*.txt'],
};

/** Globs (on the file name) for the given types; [] means "all files". */
export function fileTypeGlobs(fileTypes: readonly string[] | undefined): string[] {
  const globs = new Set<string>();
  for (const raw of fileTypes ?? []) {
    const type = raw.trim();
    if (type === '') continue;
    const known = TYPE_GLOBS[type.toLowerCase()];
    if (known) {
      for (const glob of known) globs.add(glob);
    } else if (/[*?[]/.test(type)) {
      globs.add(type);
    } else {
      // '.ts' or 'ts' → '*.ts'; anything odd is escaped so it stays literal.
      globs.add(`*.${type.replace(/^\.+/, '').replace(/[\\{}[\]*?]/g, '\\$&')}`);
    }
  }
  return [...globs];
}
