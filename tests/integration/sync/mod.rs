//! Push and pull: what they send and write, file fidelity, and scale.

mod content;
mod fidelity;
mod push_pull;
mod scale;
mod trees;
