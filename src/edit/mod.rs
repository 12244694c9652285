//! The entry editor's model, apart from any server: a content file's text <-> the values of a form
//! with one control per front-matter key, and the checks of an edited entry. Input: a file's text,
//! the form's values, the root folder (to check against the rest of the content). Output: the new
//! text and the diagnostics for it, each tied to the field it is about. Used by `knte serve --edit`
//! ([`crate::serve::edit`]); writing the file is the server's part.

pub(crate) mod check;
pub(crate) mod form;
pub(crate) mod schema;
pub(crate) mod write;
