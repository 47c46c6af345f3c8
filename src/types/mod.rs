//! Values checked when they are made, which every layer passes around: secrets, ids and
//! names, language codes, file formats, and text from outside nt3.
//!
//! Nothing here reads a file, the environment or the network, and nothing here depends
//! on any other part of nt3 but [`crate::error`].

pub mod format;
pub mod names;
pub mod secret;
pub mod text;

#[cfg(test)]
pub mod fuzz;
