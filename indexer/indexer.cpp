// Runs one indexing pass: only articles whose signature changed are opened, parsed and written.
#include "indexer/indexer.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <set>

#include "common/schema.h"
#include "common/stored_fields.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "indexer/parsers/feed_reader.h"
#include "indexer/parsers/html_parser.h"
#include "indexer/parsers/text_parser.h"
#include "indexer/source_walker.h"

namespace kensaku {
namespace {

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, std::string("cannot open: ") + std::strerror(errno));
  std::string bytes;
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size > 0) {
    bytes.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(bytes.data(), size);
    bytes.resize(static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw InputError(path, std::string("read error: ") + std::strerror(errno));
  return bytes;
}

// Text in UTF-16/32 legitimately contains NUL bytes; anything else with them is not text.
bool looks_binary(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return false;
  return bytes.substr(0, 8192).find('\0') != std::string_view::npos;
}

// An article and its sidecar change together: the stamp covers both.
Signature stamp_signature(const SourceFile& file) {
  Signature sig{file.stamp.size, file.stamp.mtime_ns, {}};
  if (file.sidecar_stamp) {
    sig.size += file.sidecar_stamp->size + 1;
    sig.mtime_ns = std::max(sig.mtime_ns, file.sidecar_stamp->mtime_ns);
  }
  return sig;
}

}  // namespace

struct Indexer::Impl {
  IndexOptions options;
  IndexObserver* observer;
  IndexWriter writer;
  DocumentBuilder builder;
  IndexSummary summary;
  std::size_t pending_articles = 0;
  std::uint64_t pending_bytes = 0;

  Impl(IndexOptions opts, IndexObserver* obs)
      : options(std::move(opts)), observer(obs), writer(options.database, /*create=*/true) {}

  void fail(const InputError& error) {
    ++summary.failed;
    if (observer) observer->on_failure(error);
  }

  void note(const std::string& id, IndexAction action) {
    switch (action) {
      case IndexAction::kAdded: ++summary.added; break;
      case IndexAction::kUpdated: ++summary.updated; break;
      case IndexAction::kUnchanged: ++summary.unchanged; break;
      case IndexAction::kRemoved: ++summary.removed; break;
    }
    if (observer) observer->on_article(id, action);
  }

  void written(std::uint64_t bytes) {
    ++pending_articles;
    pending_bytes += bytes;
    if (pending_articles >= options.batch_articles || pending_bytes >= options.batch_bytes) {
      writer.commit();
      pending_articles = 0;
      pending_bytes = 0;
    }
  }

  void put(Article& article, const Signature& signature, std::optional<Xapian::docid> existing,
           std::uint64_t bytes) {
    Xapian::Document doc = builder.build(article, signature);
    writer.put(schema::id_term(article.id), doc);
    note(article.id, existing ? IndexAction::kUpdated : IndexAction::kAdded);
    written(bytes);
  }

  // A feed is one file of many articles: its stamp decides whether it is read at all; once read,
  // each record is compared by content hash, and records gone from the feed are removed.
  void feed(const SourceFile& file) {
    const std::string state_key = schema::feed_state_key(file.id);
    const std::string stamp = std::to_string(file.stamp.size) + " " +
                              std::to_string(file.stamp.mtime_ns);
    std::string state = writer.database().get_metadata(state_key);
    if (!state.empty() && state.starts_with(stamp + " ")) {
      std::size_t count = std::stoul(state.substr(stamp.size() + 1));
      summary.scanned += count;
      summary.unchanged += count;
      return;
    }
    std::set<std::string> previous;  // id terms of the records indexed from this feed before
    const std::string prefix = schema::feed_records_prefix(file.id);
    for (auto it = writer.database().allterms_begin(prefix);
         it != writer.database().allterms_end(prefix); ++it) {
      previous.insert(*it);
    }
    std::size_t records = 0;
    long lines = read_feed(
        file.path, file.id,
        [&](Article&& article) {
          ++records;
          ++summary.scanned;
          const std::string id_term = schema::id_term(article.id);
          Signature signature{file.stamp.size, file.stamp.mtime_ns,
                              content_hash(encode_stored_fields(article))};
          std::optional<Xapian::docid> existing;
          if (previous.erase(id_term)) {
            existing = writer.find(id_term);
            if (existing && stored_signature(writer.document(*existing)).content_hash ==
                                signature.content_hash) {
              note(article.id, IndexAction::kUnchanged);
              return;
            }
          }
          put(article, signature, existing, article.body.size() + article.title.size());
        },
        [&](const InputError& error) { fail(error); });
    (void)lines;
    for (const std::string& gone : previous) {
      writer.remove(gone);
      note(std::string(schema::id_from_id_term(gone)), IndexAction::kRemoved);
      written(0);
    }
    writer.database().set_metadata(state_key, stamp + " " + std::to_string(records));
  }

  void file(SourceFile&& file) {
    if (is_feed_path(file.path)) {
      // Feeds are streamed, never held whole, so the size cap for whole files does not apply.
      try {
        feed(file);
      } catch (const InputError& error) {
        ++summary.scanned;
        fail(error);
      }
      return;
    }
    ++summary.scanned;
    try {
      if (file.stamp.size > options.max_file_size) {
        throw InputError(file.path, "larger than the size cap of " +
                                        std::to_string(options.max_file_size >> 20) +
                                        " MiB (--max-size)");
      }
      Signature signature = stamp_signature(file);
      const std::string id_term = schema::id_term(file.id);
      std::optional<Xapian::docid> existing = writer.find(id_term);
      std::optional<Xapian::Document> old;
      if (existing) {
        old = writer.document(*existing);
        Signature stored = stored_signature(*old);
        if (stored.size == signature.size && stored.mtime_ns == signature.mtime_ns) {
          note(file.id, IndexAction::kUnchanged);  // never opened
          return;
        }
      }
      std::string bytes = read_whole_file(file.path);
      if (bytes.empty()) throw InputError(file.path, "empty file");
      if (looks_binary(bytes)) throw InputError(file.path, "binary file (contains NUL bytes)");
      std::optional<std::string> sidecar;
      if (file.sidecar_path) sidecar = read_whole_file(*file.sidecar_path);
      signature.content_hash = content_hash(sidecar ? bytes + '\x1f' + *sidecar : bytes);
      if (old && stored_signature(*old).content_hash == signature.content_hash) {
        // Touched but not changed: remember the new stamp so the next run does not read it again.
        store_signature(*old, signature);
        writer.replace(*existing, *old);
        note(file.id, IndexAction::kUnchanged);
        written(0);
        return;
      }
      Article article = is_html(file.path, std::string_view(bytes).substr(0, 512))
                            ? parse_html(bytes, file.path)
                            : parse_text_article(bytes, file.path, sidecar);
      article.id = file.id;
      article.path = file.path;
      put(article, signature, existing, bytes.size());
    } catch (const InputError& error) {
      fail(error);
    }
  }
};

Indexer::Indexer(IndexOptions options, IndexObserver* observer)
    : impl_(std::make_unique<Impl>(std::move(options), observer)) {}

Indexer::~Indexer() = default;

IndexSummary Indexer::run(const std::vector<std::string>& paths) {
  auto start = std::chrono::steady_clock::now();
  impl_->summary = IndexSummary{};
  SourceWalker walker({impl_->options.database});
  for (const std::string& path : paths) {
    walker.walk(
        path, [this](SourceFile&& file) { impl_->file(std::move(file)); },
        [this](const InputError& error) { impl_->fail(error); });
  }
  impl_->writer.commit();
  impl_->summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return impl_->summary;
}

std::string format_summary(const IndexSummary& s) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", s.seconds);
  return "scanned " + std::to_string(s.scanned) + " · added " + std::to_string(s.added) +
         " · updated " + std::to_string(s.updated) + " · removed " + std::to_string(s.removed) +
         " · unchanged " + std::to_string(s.unchanged) + " · failed " + std::to_string(s.failed) +
         " · " + seconds;
}

}  // namespace kensaku
