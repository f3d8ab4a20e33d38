// Runs one indexing pass: only articles whose signature changed are opened, parsed and written.
#include "indexer/indexer.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <unordered_set>

#include "common/schema.h"
#include "common/stored_fields.h"
#include "common/xapian_errors.h"
#include "indexer/document_builder.h"
#include "indexer/index_layout.h"
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

// Text in UTF-16/32 legitimately contains NUL bytes (after a byte order mark: FF FE covers
// UTF-32LE too); anything else with them is not text.
bool looks_binary(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF") ||
      bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4))) {
    return false;
  }
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

// Thrown from inside the walk when the stop flag is seen, to leave it between two articles.
struct StopRequested {};

IndexWriterOptions writer_options(const IndexOptions& options) {
  IndexWriterOptions writer;
  writer.create = true;
  writer.dry_run = options.dry_run;
  writer.wait_seconds = options.wait_seconds;
  writer.stop = options.stop;
  return writer;
}

}  // namespace

struct Indexer::Impl {
  IndexOptions options;
  IndexObserver* observer;
  ShardSlot slot;
  IndexWriter writer;
  DocumentBuilder builder;
  IndexSummary summary;
  std::size_t pending_articles = 0;
  std::uint64_t pending_bytes = 0;

  // What the walk found, so that what it did not find can be removed afterwards.
  std::unordered_set<std::string> seen_id_terms;
  std::set<std::string> seen_feed_prefixes;  // feed_records_prefix of every feed seen
  std::vector<std::string> unreadable_ids;   // paths whose articles must be kept
  std::chrono::steady_clock::time_point started, last_progress;
  std::size_t expected = 0;

  // A run that looks up more than kLookupsBeforeStamps articles reads every stored stamp in one
  // pass instead (a no-op rerun over 21,578 files: 133,000 block reads -> under 1,000).
  static constexpr std::size_t kLookupsBeforeStamps = 256;
  std::size_t lookups = 0;
  std::optional<StoredStamps> stored_stamps;

  Impl(IndexOptions opts, IndexObserver* obs, ShardSlot shard)
      : options(std::move(opts)),
        observer(obs),
        slot(shard),
        writer(slot.count ? IndexLayout(options.database).shard_directory(slot.index)
                          : options.database,
               writer_options(options)) {}

  // True when the article `id` belongs in this indexer's database (always, unless sharded).
  bool mine(const std::string& id) const {
    return slot.count == 0 || shard_of(id, slot.count) == slot.index;
  }

  // A failure every shard meets alike (the walk, a whole feed, a feed line): counted once.
  void fail_shared(const InputError& error) {
    if (slot.index == 0) fail(error);
  }

  void check_stop() {
    if (options.stop && options.stop->load(std::memory_order_relaxed)) throw StopRequested{};
  }

  void progress() {
    if (!observer) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_progress < options.progress_interval) return;
    last_progress = now;
    observer->on_progress(IndexProgress{summary.scanned, summary.added + summary.updated, expected,
                                        std::chrono::duration<double>(now - started).count()});
  }

  void fail(const InputError& error) {
    ++summary.failed;
    if (observer) observer->on_failure(error);
  }

  void note(const std::string& id, IndexAction action) {
    switch (action) {
      case IndexAction::kAdded:
        ++summary.added;
        break;
      case IndexAction::kUpdated:
        ++summary.updated;
        break;
      case IndexAction::kUnchanged:
        ++summary.unchanged;
        break;
      case IndexAction::kRemoved:
        ++summary.removed;
        break;
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

  // `absent`: the id is known not to be in the index, so no lookup is needed to add it.
  void put(Article& article, const Signature& signature, std::optional<Xapian::docid> existing,
           std::uint64_t bytes, bool absent = false) {
    Xapian::Document doc = builder.build(article, signature);
    if (absent) {
      writer.add(doc);
    } else {
      writer.put(schema::id_term(article.id), doc);
    }
    note(article.id, existing ? IndexAction::kUpdated : IndexAction::kAdded);
    written(bytes);
  }

  // A feed is one file of many articles: its stamp decides whether it is read at all; once read,
  // each record is compared by content hash, and records gone from the feed are removed.
  void feed(const SourceFile& file) {
    const std::string state_key = schema::feed_state_key(file.id);
    const std::string stamp =
        std::to_string(file.stamp.size) + " " + std::to_string(file.stamp.mtime_ns);
    seen_feed_prefixes.insert(schema::feed_records_prefix(file.id));
    std::string state = writer.metadata(state_key);
    if (!state.empty() && state.starts_with(stamp + " ")) {
      std::size_t count = std::stoul(state.substr(stamp.size() + 1));
      summary.scanned += count;
      summary.unchanged += count;
      return;
    }
    std::set<std::string> previous;  // id terms of the records indexed from this feed before
    const std::string prefix = schema::feed_records_prefix(file.id);
    writer.read([&](const Xapian::Database& db) {
      for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        previous.insert(*it);
      }
    });
    std::size_t records = 0;
    long lines = read_feed(
        file.path, file.id,
        [&](Article&& article) {
          check_stop();
          if (!mine(article.id)) return;  // another shard's record
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
        [&](const InputError& error) { fail_shared(error); });
    (void)lines;
    for (const std::string& gone : previous) {
      writer.remove(gone);
      note(std::string(schema::id_from_id_term(gone)), IndexAction::kRemoved);
      written(0);
    }
    writer.set_metadata(state_key, stamp + " " + std::to_string(records));
  }

  std::size_t article_count() const {
    try {
      return writer.read([](const Xapian::Database& db) {
        return db.get_termfreq(std::string(schema::any_article_term()));
      });
    } catch (const Error&) {
      return 0;  // only an estimate for the progress line
    }
  }

  // True when `term` names an article under `base` (the id term of a walked root): the root
  // itself, a file below it, or a record of a feed that is the root.
  static bool below(const std::string& term, const std::string& base) {
    if (!term.starts_with(base)) return false;
    return term.size() == base.size() || term[base.size()] == '/' || term[base.size()] == '#';
  }

  // True when the walk found the article `term` names, or could not look where it would be.
  bool still_present(const std::string& term) const {
    if (seen_id_terms.count(term)) return true;
    auto feed = seen_feed_prefixes.upper_bound(term);
    if (feed != seen_feed_prefixes.begin() && term.starts_with(*std::prev(feed))) return true;
    for (const std::string& id : unreadable_ids) {
      if (below(term, schema::id_term(id))) return true;
    }
    return false;
  }

  // Removes the articles under the walked root `root_id` whose files were not found, and the
  // remembered state of feeds that were not found.
  void remove_missing(const std::string& root_id) {
    const std::string base = schema::id_term(root_id);
    std::vector<std::string> gone;
    std::vector<std::string> stale_feed_keys;
    writer.read([&](const Xapian::Database& db) {
      for (auto it = db.allterms_begin(base); it != db.allterms_end(base); ++it) {
        if (below(*it, base) && !still_present(*it)) gone.push_back(*it);
      }
      const std::size_t key_head = schema::feed_state_key("").size();
      const std::string key_base = schema::feed_state_key(root_id);
      for (auto it = db.metadata_keys_begin(key_base); it != db.metadata_keys_end(key_base); ++it) {
        const std::string feed_id = std::string(*it).substr(key_head);
        const std::string feed_term = schema::id_term(feed_id);
        if (below(feed_term, base) &&
            !seen_feed_prefixes.count(schema::feed_records_prefix(feed_id)) &&
            !still_present(feed_term)) {
          stale_feed_keys.push_back(*it);
        }
      }
    });
    for (const std::string& term : gone) {
      check_stop();
      writer.remove(term);
      note(std::string(schema::id_from_id_term(term)), IndexAction::kRemoved);
      written(0);
    }
    for (const std::string& key : stale_feed_keys) writer.set_metadata(key, {});
  }

  // What the index held for the article `id` before this run (docid 0: not indexed), and whether
  // that came from the one-pass stamps, which also vouch that an article they lack is absent, so
  // it can be added without looking its id up again. Articles already seen in this run, and ids
  // with '#' (a feed's records are written during the walk), are looked up afresh.
  std::pair<StoredStamps::Entry, bool> stored_stamp(const std::string& id,
                                                    const std::string& id_term,
                                                    bool first_sighting) {
    if (!stored_stamps && ++lookups > kLookupsBeforeStamps) {
      stored_stamps = writer.read([](const Xapian::Database& db) { return StoredStamps(db); });
    }
    if (stored_stamps && first_sighting && id.find('#') == std::string::npos) {
      const StoredStamps::Entry* entry = stored_stamps->find(id);
      return {entry ? *entry : StoredStamps::Entry{}, true};
    }
    StoredStamps::Entry entry;
    if (std::optional<Xapian::docid> docid = writer.find(id_term)) {
      Signature stored = stored_signature(writer.document(*docid));
      entry = {*docid, stored.size, stored.mtime_ns};
    }
    return {entry, false};
  }

  // Whether this run will open `file`: the walk reads ahead only those. Until the stored stamps
  // are loaded nothing is read ahead, so an unchanged file is never opened.
  bool will_read(const SourceFile& file) const {
    if (!stored_stamps || is_feed_path(file.path) || file.stamp.size > options.max_file_size) {
      return false;
    }
    const StoredStamps::Entry* entry = stored_stamps->find(file.id);
    const Signature signature = stamp_signature(file);
    return !entry || entry->size != signature.size || entry->mtime_ns != signature.mtime_ns;
  }

  void file(SourceFile&& file) {
    check_stop();
    progress();
    if (is_feed_path(file.path)) {
      // Feeds are streamed, never held whole, so the size cap for whole files does not apply.
      try {
        feed(file);
      } catch (const InputError& error) {
        if (slot.index == 0) ++summary.scanned;
        fail_shared(error);
      }
      return;
    }
    if (!mine(file.id)) return;  // another shard's article
    ++summary.scanned;
    // A file that fails now is still there: its last good version stays in the index.
    const std::string id_term = schema::id_term(file.id);
    const bool first_sighting = seen_id_terms.insert(id_term).second;
    try {
      if (file.stamp.size > options.max_file_size) {
        throw InputError(file.path, "larger than the size cap of " +
                                        std::to_string(options.max_file_size >> 20) +
                                        " MiB (--max-size)");
      }
      Signature signature = stamp_signature(file);
      const auto [stored, vouched] = stored_stamp(file.id, id_term, first_sighting);
      if (stored.docid && stored.size == signature.size && stored.mtime_ns == signature.mtime_ns) {
        note(file.id, IndexAction::kUnchanged);  // never opened
        return;
      }
      std::optional<Xapian::docid> existing;
      if (stored.docid) existing = stored.docid;
      std::optional<Xapian::Document> old;
      if (existing) old = writer.document(*existing);
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
      for (const std::string& warning : article.warnings) {
        if (observer) observer->on_warning(InputError(file.path, warning));
      }
      put(article, signature, existing, bytes.size(), vouched && !existing);
    } catch (const InputError& error) {
      fail(error);
    }
  }
};

Indexer::Indexer(IndexOptions options, IndexObserver* observer) {
  if (!open_shards(options, observer)) {
    impl_ = std::make_unique<Impl>(std::move(options), observer, ShardSlot{});
  }
}

Indexer::Indexer(IndexOptions options, IndexObserver* observer, ShardSlot slot)
    : impl_(std::make_unique<Impl>(std::move(options), observer, slot)) {}

Indexer::~Indexer() = default;

IndexSummary Indexer::run(const std::vector<std::string>& paths) {
  if (!shards_.empty()) return run_shards(paths);
  Impl& impl = *impl_;
  impl.started = impl.last_progress = std::chrono::steady_clock::now();
  impl.summary = IndexSummary{};
  impl.seen_id_terms.clear();
  impl.seen_feed_prefixes.clear();
  impl.unreadable_ids.clear();
  impl.expected = impl.article_count();
  SourceWalker walker({impl.options.database});
  walker.set_read_ahead([&impl](const SourceFile& file) { return impl.will_read(file); });
  try {
    for (const std::string& path : paths) {
      walker.walk(
          path, [&impl](SourceFile&& file) { impl.file(std::move(file)); },
          [&impl](const InputError& error) { impl.fail_shared(error); },
          [&impl](const std::string& id) { impl.unreadable_ids.push_back(id); });
    }
    // Only a complete walk says what is gone: a stop skips this.
    if (!impl.options.keep_missing) {
      for (const std::string& path : paths) impl.remove_missing(SourceWalker::root_id(path));
    }
  } catch (const StopRequested&) {
    impl.summary.stopped = true;
  }
  impl.writer.commit();
  impl.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - impl.started).count();
  return impl.summary;
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
