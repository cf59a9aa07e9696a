//! Documents as an export writes them ([`Corpus::export_documents`]): the
//! scope's documents, named by their stem, each with what its source format
//! said about it and its review status where a format has room for it.

use super::{Corpus, ExportScope};
use crate::format::{file_stem, NamedDocument};

impl Corpus {
    /// The documents of `scope`, each named by its name's stem, carrying what its
    /// source format said about it (ids, `meta`, brat lines, … kept since import)
    /// and its review status: `meta.status` (its [`crate::status::Status::id`]) and
    /// Prodigy's `answer` ([`crate::status::Status::answer`]; none for a document
    /// still to do).
    pub fn export_documents(&self, scope: ExportScope) -> Vec<NamedDocument> {
        self.export(scope)
            .into_iter()
            .map(|d| {
                let mut named = NamedDocument::new(file_stem(d.name()), d.document().clone());
                named.meta = d.meta().clone();
                named
                    .meta
                    .meta
                    .insert("status".to_string(), d.status().id().into());
                named.meta.answer = d.status().answer().map(str::to_string);
                named
            })
            .collect()
    }

    /// The base of an export's file name: the document's stem for the current
    /// document, else `tagmark-corpus` or `tagmark-accepted`.
    pub fn export_name(&self, scope: ExportScope) -> String {
        match scope {
            ExportScope::Current => self
                .current_doc()
                .map_or("document".to_string(), |d| file_stem(d.name())),
            ExportScope::All => "tagmark-corpus".to_string(),
            ExportScope::Accepted => "tagmark-accepted".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::corpus::{Corpus, ExportScope};
    use crate::status::Status;

    #[test]
    fn the_scope_names_and_statuses_of_an_export() {
        let mut c = Corpus::new();
        c.add_documents([
            ("a.txt", "inline", "<x>a</x>"),
            ("b.jsonl", "doccano", "b"),
            ("c", "inline", "c"),
        ]);
        c.set_status(0, Status::Accepted);
        c.set_status(2, Status::Skipped);
        c.set_current(1);
        let all = c.export_documents(ExportScope::All);
        let names: Vec<&str> = all.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        let answers: Vec<Option<&str>> = all.iter().map(|d| d.meta.answer.as_deref()).collect();
        assert_eq!(
            answers,
            [Some("accept"), None, Some("ignore")],
            "a document to do has no answer"
        );
        assert_eq!(
            all[1].meta.meta.get("status").and_then(|v| v.as_str()),
            Some("todo")
        );
        let current: Vec<String> = c
            .export_documents(ExportScope::Current)
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(current, ["b"]);
        assert_eq!(c.export_documents(ExportScope::Accepted).len(), 1);
        assert_eq!(c.export_name(ExportScope::Current), "b");
        assert_eq!(c.export_name(ExportScope::Accepted), "tagmark-accepted");
        assert_eq!(
            ExportScope::from_id("accepted"),
            Some(ExportScope::Accepted)
        );
    }
}
