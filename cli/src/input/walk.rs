//! Turning the command-line arguments into an ordered stream of inputs: files as given, folders
//! walked in name order, quoted glob patterns expanded, Maildirs recognised.
//!
//! The walk is lazy: a folder of a million files is never listed whole in memory beyond one
//! directory at a time, and the first messages are analysed while the walk goes on.

use std::{
    collections::VecDeque,
    ffi::OsStr,
    path::{Path, PathBuf},
};

use globset::{GlobBuilder, GlobMatcher};
use walkdir::WalkDir;

use super::{Item, Mode};

/// The inputs named by the arguments, in order.
#[derive(Debug)]
pub struct Inputs {
    args: std::vec::IntoIter<PathBuf>,
    pending: VecDeque<Item>,
    walk: Option<Walk>,
}

impl Inputs {
    /// `paths` as given; an empty list means standard input.
    pub fn new(paths: Vec<PathBuf>) -> Inputs {
        let mut pending = VecDeque::new();
        if paths.is_empty() {
            pending.push_back(Item::Stdin);
        }
        Inputs {
            args: paths.into_iter(),
            pending,
            walk: None,
        }
    }

    fn start(&mut self, arg: PathBuf) {
        if arg.as_os_str() == "-" {
            self.pending.push_back(Item::Stdin);
            return;
        }
        match std::fs::metadata(&arg) {
            Ok(meta) if meta.is_dir() => {
                let maildir = is_maildir(&arg) || is_maildir_part(&arg);
                self.pending.push_back(Item::FolderStart);
                self.walk = Some(Walk::Folder(Box::new(Folder::new(arg, maildir))));
            }
            Ok(_) => self.pending.push_back(Item::File {
                path: arg,
                mode: Mode::Named,
            }),
            Err(_) if is_glob(&arg) => match Pattern::new(&arg) {
                Ok(pattern) => self.walk = Some(Walk::Glob(Box::new(pattern))),
                Err(error) => self.pending.push_back(Item::Failed {
                    name: arg.display().to_string(),
                    error,
                }),
            },
            // Opening it will say what is wrong (missing, a symbolic-link loop, no permission).
            Err(_) => self.pending.push_back(Item::File {
                path: arg,
                mode: Mode::Named,
            }),
        }
    }
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if let Some(walk) = &mut self.walk {
                match walk.next() {
                    Some(item) => return Some(item),
                    None => self.walk = None,
                }
                continue;
            }
            let arg = self.args.next()?;
            self.start(arg);
        }
    }
}

#[derive(Debug)]
enum Walk {
    Folder(Box<Folder>),
    Glob(Box<Pattern>),
}

impl Walk {
    fn next(&mut self) -> Option<Item> {
        match self {
            Walk::Folder(folder) => folder.next(),
            Walk::Glob(pattern) => pattern.next(),
        }
    }
}

/// A folder argument (or a folder a glob matched), walked recursively in name order.
struct Folder {
    root: PathBuf,
    maildir: bool,
    entries: walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool>,
    /// The last directory whose files were classified, and whether it is a Maildir's `cur/`
    /// or `new/`: entries come grouped by directory, so one check serves them all.
    last_parent: Option<(PathBuf, bool)>,
    ended: bool,
}

impl std::fmt::Debug for Folder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Folder")
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

impl Folder {
    fn new(root: PathBuf, maildir: bool) -> Folder {
        let entries = WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name()
            .min_depth(1)
            .into_iter()
            .filter_entry(not_maildir_tmp as fn(&walkdir::DirEntry) -> bool);
        Folder {
            root,
            maildir,
            entries,
            last_parent: None,
            ended: false,
        }
    }

    fn next(&mut self) -> Option<Item> {
        if self.ended {
            return None;
        }
        loop {
            let entry = match self.entries.next() {
                None => {
                    self.ended = true;
                    return Some(Item::FolderEnd {
                        name: self.root.display().to_string(),
                        maildir: self.maildir,
                    });
                }
                Some(Err(error)) => return Some(walk_error(&self.root, &error)),
                Some(Ok(entry)) => entry,
            };
            // Links are followed, so this is the type of what the entry points to. Sockets,
            // FIFOs and devices are skipped: opening a FIFO would wait forever.
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.into_path();
            if let Some(mode) = self.mode_of(&path) {
                return Some(Item::File { path, mode });
            }
        }
    }

    /// Which files of a folder are read, and how (see `--help`): `*.eml` and the files of a
    /// Maildir's `cur/` and `new/` are messages; `*.mbox` and extension-less files are read
    /// when they start like a message or an mbox; the rest is skipped.
    fn mode_of(&mut self, path: &Path) -> Option<Mode> {
        let parent = path.parent().unwrap_or(Path::new(""));
        let in_maildir = match &self.last_parent {
            Some((last, in_maildir)) if last == parent => *in_maildir,
            _ => {
                let in_maildir = is_maildir_part(parent);
                self.last_parent = Some((parent.to_owned(), in_maildir));
                in_maildir
            }
        };
        if in_maildir {
            return Some(Mode::Named);
        }
        match path.extension().map(OsStr::to_ascii_lowercase) {
            Some(ext) if ext == "eml" => Some(Mode::Named),
            Some(ext) if ext == "mbox" => Some(Mode::Sniffed),
            None => Some(Mode::Sniffed),
            Some(_) => None,
        }
    }
}

/// Skips the `tmp/` of a Maildir: messages there are still being written.
fn not_maildir_tmp(entry: &walkdir::DirEntry) -> bool {
    !(entry.file_type().is_dir()
        && entry.file_name() == "tmp"
        && entry.path().parent().is_some_and(is_maildir))
}

/// A Maildir: a folder with `cur/` and `new/` folders (`tmp/` is not required: copies and
/// backups often leave it out).
fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() && dir.join("new").is_dir()
}

/// The `cur/` or `new/` of a Maildir.
fn is_maildir_part(dir: &Path) -> bool {
    matches!(dir.file_name().and_then(OsStr::to_str), Some("cur" | "new"))
        && dir.parent().is_some_and(is_maildir)
}

fn walk_error(root: &Path, error: &walkdir::Error) -> Item {
    let path = error.path().unwrap_or(root);
    let error = match (error.loop_ancestor(), error.io_error()) {
        (Some(ancestor), _) => format!(
            "symbolic link loop: it leads back to {}",
            crate::output::text::printable(&ancestor.display().to_string())
        ),
        (None, Some(io)) => io.to_string(),
        (None, None) => error.to_string(),
    };
    Item::Failed {
        name: path.display().to_string(),
        error,
    }
}

/// An argument that does not exist as a path and holds glob syntax is a pattern: quoted, it
/// reached hoptls unexpanded (a file that really has `*` in its name is still read as such).
fn is_glob(arg: &Path) -> bool {
    arg.to_str()
        .is_some_and(|s| s.contains(['*', '?', '[', '{']))
}

/// A glob pattern, expanded by walking from its literal leading folders.
struct Pattern {
    text: String,
    matcher: GlobMatcher,
    /// The folder the walk starts from; `None` for a pattern without a literal leading folder
    /// (the walk starts in `.`, and paths are named without `./`).
    base: Option<PathBuf>,
    entries: walkdir::IntoIter,
    /// A folder the pattern matched, being walked as a folder argument would be.
    folder: Option<Folder>,
    matched: usize,
    ended: bool,
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern")
            .field("text", &self.text)
            .finish_non_exhaustive()
    }
}

impl Pattern {
    fn new(arg: &Path) -> Result<Pattern, String> {
        // `users/*/Maildir/` means the folders themselves: a trailing `/` would match nothing.
        let written = arg.to_str().unwrap_or_default();
        let text = match written.trim_end_matches('/') {
            "" => written.to_owned(),
            trimmed => trimmed.to_owned(),
        };
        // `*` and `?` stop at `/`; `**` crosses folders; `{a,b}` and `[a-z]` as in shells.
        let matcher = GlobBuilder::new(&text)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(|e| format!("not a valid glob pattern: {}", e.kind()))?
            .compile_matcher();
        let components: Vec<&str> = text.split('/').collect();
        let literal = components
            .iter()
            .take_while(|c| !c.contains(['*', '?', '[', '{', '\\']))
            .count()
            .min(components.len() - 1);
        let base_text = components[..literal].join("/");
        let base = match (literal, text.starts_with('/')) {
            (0, _) => None,
            (1, true) => Some(PathBuf::from("/")),
            _ => Some(PathBuf::from(base_text)),
        };
        let rest = &components[literal..];
        let mut walk = WalkDir::new(base.as_deref().unwrap_or(Path::new(".")))
            .follow_links(true)
            .sort_by_file_name()
            .min_depth(1);
        if !rest.iter().any(|c| c.contains("**")) {
            walk = walk.max_depth(rest.len());
        }
        Ok(Pattern {
            text,
            matcher,
            base,
            entries: walk.into_iter(),
            folder: None,
            matched: 0,
            ended: false,
        })
    }

    fn next(&mut self) -> Option<Item> {
        if self.ended {
            return None;
        }
        loop {
            if let Some(folder) = &mut self.folder {
                match folder.next() {
                    Some(item) => return Some(item),
                    None => self.folder = None,
                }
            }
            let entry = match self.entries.next() {
                None => {
                    self.ended = true;
                    return (self.matched == 0).then(|| Item::Failed {
                        name: self.text.clone(),
                        error: "no file matches this pattern".to_owned(),
                    });
                }
                Some(Err(error)) => {
                    return Some(walk_error(
                        self.base.as_deref().unwrap_or(Path::new(".")),
                        &error,
                    ));
                }
                Some(Ok(entry)) => entry,
            };
            let path = match &self.base {
                Some(_) => entry.path().to_owned(),
                None => entry
                    .path()
                    .strip_prefix(".")
                    .unwrap_or(entry.path())
                    .to_owned(),
            };
            if !self.matcher.is_match(&path) {
                continue;
            }
            self.matched += 1;
            if entry.file_type().is_dir() {
                // A matched folder is walked like a folder argument, once: its contents are
                // not matched against the pattern again.
                self.entries.skip_current_dir();
                let maildir = is_maildir(&path) || is_maildir_part(&path);
                self.folder = Some(Folder::new(path, maildir));
                return Some(Item::FolderStart);
            }
            if entry.file_type().is_file() {
                return Some(Item::File {
                    path,
                    mode: Mode::Named,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn names(items: impl Iterator<Item = Item>, root: &Path) -> Vec<String> {
        items
            .map(|item| match item {
                Item::File { path, mode } => format!(
                    "{} {mode:?}",
                    path.strip_prefix(root).unwrap_or(&path).display()
                ),
                Item::Stdin => "-".to_owned(),
                Item::FolderStart => "[".to_owned(),
                Item::FolderEnd { maildir, .. } => format!("] maildir={maildir}"),
                Item::Failed { name, error } => format!("error {name}: {error}"),
            })
            .collect()
    }

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for file in files {
            let path = dir.path().join(file);
            if file.ends_with('/') {
                fs::create_dir_all(&path).expect("folders");
            } else {
                fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
                fs::write(&path, "Subject: x\n").expect("a file");
            }
        }
        dir
    }

    #[test]
    fn a_folder_yields_its_candidates_in_path_order() {
        let dir = tree(&[
            "b.eml",
            "a/z.EML",
            "a/notes.txt",
            "a/msg",
            "c.json",
            "box.mbox",
            "a-b/x.eml",
        ]);
        let found = names(Inputs::new(vec![dir.path().to_owned()]), dir.path());
        assert_eq!(
            found,
            [
                "[",
                "a/msg Sniffed",
                "a/z.EML Named",
                "a-b/x.eml Named",
                "b.eml Named",
                "box.mbox Sniffed",
                "] maildir=false"
            ]
        );
    }

    #[test]
    fn a_maildir_yields_cur_and_new_and_skips_tmp() {
        let dir = tree(&[
            "Maildir/cur/1733217302.M1P2.mail.example.com:2,S",
            "Maildir/new/1733217303.M1P2.mail.example.com",
            "Maildir/tmp/1733217304.M1P2.mail.example.com",
            "Maildir/dovecot-uidlist",
            "Maildir/.Sent/cur/1733217305.M1P2.mail.example.com:2,S",
            "Maildir/.Sent/new/",
            "Maildir/.Sent/tmp/1733217306.M1P2.mail.example.com",
        ]);
        let found = names(Inputs::new(vec![dir.path().join("Maildir")]), dir.path());
        assert_eq!(
            found,
            [
                "[",
                "Maildir/.Sent/cur/1733217305.M1P2.mail.example.com:2,S Named",
                "Maildir/cur/1733217302.M1P2.mail.example.com:2,S Named",
                "Maildir/dovecot-uidlist Sniffed",
                "Maildir/new/1733217303.M1P2.mail.example.com Named",
                "] maildir=true",
            ]
        );
        let new = names(
            Inputs::new(vec![dir.path().join("Maildir/new")]),
            dir.path(),
        );
        assert_eq!(
            new,
            [
                "[",
                "Maildir/new/1733217303.M1P2.mail.example.com Named",
                "] maildir=true"
            ]
        );
    }

    #[test]
    fn globs_are_expanded_in_path_order() {
        let dir = tree(&[
            "mail/2024/a.eml",
            "mail/2024/b.txt",
            "mail/c.eml",
            "mail/2025/sub/d.eml",
            "other/e.eml",
        ]);
        let pattern = format!("{}/mail/**/*.eml", dir.path().display());
        let found = names(Inputs::new(vec![PathBuf::from(pattern)]), dir.path());
        assert_eq!(
            found,
            [
                "mail/2024/a.eml Named",
                "mail/2025/sub/d.eml Named",
                "mail/c.eml Named"
            ]
        );

        let pattern = format!("{}/mail/*", dir.path().display());
        let found = names(Inputs::new(vec![PathBuf::from(pattern)]), dir.path());
        assert_eq!(
            found,
            [
                "[",
                "mail/2024/a.eml Named",
                "] maildir=false",
                "[",
                "mail/2025/sub/d.eml Named",
                "] maildir=false",
                "mail/c.eml Named"
            ],
            "matched folders are walked once"
        );

        let pattern = format!("{}/mail/*/", dir.path().display());
        let found = names(Inputs::new(vec![PathBuf::from(pattern)]), dir.path());
        assert_eq!(found.iter().filter(|f| *f == "[").count(), 2, "{found:?}");

        let pattern = format!("{}/mail/*.none", dir.path().display());
        let found = names(Inputs::new(vec![PathBuf::from(&pattern)]), dir.path());
        assert_eq!(
            found,
            [format!("error {pattern}: no file matches this pattern")]
        );
    }

    #[test]
    fn arguments_keep_their_order() {
        let dir = tree(&["one.eml", "two/x.eml"]);
        let found = names(
            Inputs::new(vec![
                dir.path().join("two"),
                PathBuf::from("-"),
                dir.path().join("one.eml"),
                dir.path().join("missing.eml"),
            ]),
            dir.path(),
        );
        assert_eq!(
            found,
            [
                "[",
                "two/x.eml Named",
                "] maildir=false",
                "-",
                "one.eml Named",
                "missing.eml Named"
            ]
        );
        assert_eq!(names(Inputs::new(Vec::new()), dir.path()), ["-"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_loop_is_one_error_and_the_walk_goes_on() {
        let dir = tree(&["box/a.eml", "box/z.eml"]);
        std::os::unix::fs::symlink(dir.path().join("box"), dir.path().join("box/loop"))
            .expect("a link");
        let found = names(Inputs::new(vec![dir.path().join("box")]), dir.path());
        assert_eq!(found.len(), 5, "{found:?}");
        assert_eq!(found[1], "box/a.eml Named");
        assert!(
            found[2].starts_with("error ") && found[2].contains("box/loop: symbolic link loop"),
            "{found:?}"
        );
        assert_eq!(found[3], "box/z.eml Named");
    }
}
