// Runs one indexing pass: only articles whose signature changed are opened, parsed and written.
#include "indexer/indexer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/schema.h"
#include "common/stored_fields.h"
#include "common/xapian_errors.h"
#include "indexer/document_builder.h"
#include "common/index_layout.h"
#include "indexer/index_writer.h"
#include "indexer/parsers/feed_reader.h"
#include "indexer/parsers/html_parser.h"
#include "indexer/parsers/text_parser.h"
#include "indexer/root_registry.h"
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

// The id scheme this code writes (see schema::id_scheme_key).
constexpr const char* kIdScheme = "2";

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
  std::unordered_set<std::string> seen_ids;       // articles (files and records) seen
  std::unordered_set<std::string> seen_feeds;     // feed ids of the feeds seen
  std::unordered_set<Xapian::docid> kept_docids;  // records of feeds not read to their end
  std::vector<std::string> unreadable_ids;        // paths whose articles must be kept
  RootRegistry roots;                             // as stored, plus the roots of this run
  bool unmigrated_feeds = false;  // a dry run over an index whose records lack member terms
  std::string current_feed_path;  // of the feed being read
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
  // `feed_term`: the membership term of the feed the article is a record of.
  void put(Article& article, const Signature& signature, std::optional<Xapian::docid> existing,
           std::uint64_t bytes, bool absent = false, const std::string& feed_term = {}) {
    Xapian::Document doc = builder.build(article, signature);
    if (!feed_term.empty()) doc.add_boolean_term(feed_term);
    if (absent) {
      writer.add(doc);
    } else {
      writer.put(schema::id_term(article.id), doc);
    }
    note(article.id, existing ? IndexAction::kUpdated : IndexAction::kAdded);
    written(bytes);
  }

  // The records the index holds for the feed `feed_id`: docid -> article id.
  std::map<Xapian::docid, std::string> feed_records(const std::string& feed_id) {
    std::map<Xapian::docid, std::string> records;
    const std::string term = schema::feed_term(feed_id);
    writer.read([&](const Xapian::Database& db) {
      // Both in docid order: one pass over the id values, not a document fetch per record.
      Xapian::ValueIterator id = db.valuestream_begin(schema::kIdSlot);
      const Xapian::ValueIterator end;
      for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        if (id != end && id.get_docid() < *it) id.skip_to(*it);
        if (id != end && id.get_docid() == *it) records.emplace(*it, *id);
      }
      if (unmigrated_feeds) add_unmigrated_records(db, feed_id, records);
    });
    return records;
  }

  // The records of an index from before member terms, which a dry run could not give them: by
  // their id terms' prefix, as that code found them (long ids are not found, as they were not).
  void add_unmigrated_records(const Xapian::Database& db, const std::string& feed_id,
                              std::map<Xapian::docid, std::string>& records) {
    const std::string prefix = schema::feed_records_prefix(feed_id);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      Xapian::PostingIterator doc = db.postlist_begin(*it);
      if (doc == db.postlist_end(*it)) continue;
      Xapian::Document document = db.get_document(*doc);
      if (decode_stored_fields(document.get_data()).path == current_feed_path) {
        records.emplace(*doc, document.get_value(schema::kIdSlot));
      }
    }
  }

  void keep_records(const std::string& feed_id, const std::string& member) {
    if (unmigrated_feeds) {
      for (const auto& [docid, id] : feed_records(feed_id)) kept_docids.insert(docid);
      return;
    }
    writer.read([&](const Xapian::Database& db) {
      for (auto it = db.postlist_begin(member); it != db.postlist_end(member); ++it) {
        kept_docids.insert(*it);
      }
    });
  }

  // A feed is one file of many articles: its stamp decides whether it is read at all; once read,
  // each record is compared by content hash. Records gone from the feed are removed only when it
  // was read to its end: a feed cut short, damaged or unreadable keeps what it did not show.
  void feed(const SourceFile& file) {
    const std::string state_key = schema::feed_state_key(file.id);
    const std::string stamp =
        std::to_string(file.stamp.size) + " " + std::to_string(file.stamp.mtime_ns);
    seen_feeds.insert(file.id);
    current_feed_path = file.path;
    // The feed's records are kept unless this read proves them gone (removed ones leave the
    // index, so are not kept).
    const std::string member = schema::feed_term(file.id);
    if (file.stamp.size == 0) {
      // As an empty text file keeps its article: a download that has not begun yet.
      keep_records(file.id, member);
      throw InputError(file.path, "empty feed: the records it had are kept");
    }
    std::string state = writer.metadata(state_key);
    if (!state.empty() && state.starts_with(stamp + " ")) {
      keep_records(file.id, member);
      std::size_t count = std::stoul(state.substr(stamp.size() + 1));
      summary.scanned += count;
      summary.unchanged += count;
      return;
    }
    std::map<Xapian::docid, std::string> previous = feed_records(file.id);
    for (const auto& [docid, id] : previous) kept_docids.insert(docid);
    std::unordered_map<std::string, long> first_line;  // every record id read, for duplicates
    std::size_t records = 0;
    bool skipped = false;  // a record whose id another article holds: try again next run
    const FeedRead read = read_feed(
        file.path, file.id,
        [&](Article&& article, long line) {
          check_stop();
          if (is_duplicate(file, article.id, line, first_line)) return;
          if (!mine(article.id)) return;  // another shard's record
          for (const std::string& warning : article.warnings) {
            if (observer) observer->on_warning(InputError(file.path, warning, line));
          }
          if (feed_record(file, article, line, member, previous)) {
            ++records;
          } else {
            skipped = true;
          }
        },
        [&](const InputError& error) { fail_shared(error); });
    if (!read.complete) {
      // Read again next time: the damage may be a download still in progress.
      writer.set_metadata(state_key, {});
      return;
    }
    for (const auto& [docid, id] : previous) {
      check_stop();
      writer.remove(schema::id_term(id));
      note(id, IndexAction::kRemoved);
      written(0);
    }
    writer.set_metadata(state_key, skipped
                                       ? std::string()
                                       : stamp + " " + std::to_string(records) + "\t" + file.id);
  }

  // True (and named) when the feed had the record id `id` on an earlier line: the first wins.
  bool is_duplicate(const SourceFile& file, const std::string& id, long line,
                    std::unordered_map<std::string, long>& first_line) {
    auto [first, fresh] = first_line.emplace(id, line);
    if (fresh) return false;
    fail_shared(InputError(file.path,
                           "duplicate record id \"" + id.substr(file.id.size() + 1) +
                               "\" (first at line " + std::to_string(first->second) +
                               "): this record is skipped",
                           line));
    return true;
  }

  // One record of a feed: unchanged, updated or added. `previous` loses the records seen.
  // False when the record's id is another article's (see is_record), and the record is skipped.
  bool feed_record(const SourceFile& file, Article& article, long line, const std::string& member,
                   std::map<Xapian::docid, std::string>& previous) {
    const std::string id_term = schema::id_term(article.id);
    Signature signature{file.stamp.size, file.stamp.mtime_ns,
                        content_hash(encode_stored_fields(article))};
    std::optional<Xapian::docid> existing = writer.find(id_term);
    std::optional<Xapian::Document> old;
    if (existing) old = writer.document(*existing);
    // `previous` is the member term's list: an article with this id outside it is a file whose
    // name holds a '#' after this feed's name ("wire.jsonl#3"), or a record of a feed in such a
    // folder. It keeps the id; this record is named and skipped.
    if (existing && previous.erase(*existing) == 0) {
      fail(InputError(file.path,
                      "record id \"" + article.id.substr(file.id.size() + 1) + "\" gives the id " +
                          article.id + ", already the id of " +
                          decode_stored_fields(old->get_data()).path +
                          ": this record is skipped (hint: rename the file or folder whose name "
                          "holds a '#')",
                      line));
      return false;
    }
    // Seen only once it is this feed's: a file that held the id and is gone is then removed.
    ++summary.scanned;
    seen_ids.insert(article.id);
    if (old && stored_signature(*old).content_hash == signature.content_hash) {
      note(article.id, IndexAction::kUnchanged);
      return true;
    }
    put(article, signature, existing, article.body.size() + article.title.size(), false, member);
    return true;
  }

  // True when `doc` is a feed's record (it has a member term).
  static bool is_record(const Xapian::Document& doc) {
    const std::string prefix = schema::feed_term("");
    Xapian::TermIterator it = doc.termlist_begin();
    it.skip_to(prefix);
    return it != doc.termlist_end() && (*it).starts_with(prefix);
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

  // True when `id` names an article under the root (or unreadable path) `base`: the root
  // itself, a file below it, or a record of a feed that is the root.
  static bool below(std::string_view id, std::string_view base) {
    if (!id.starts_with(base)) return false;
    return id.size() == base.size() || id[base.size()] == '/' || id[base.size()] == '#';
  }

  // True when the walk found the article, or could not look where it would be.
  bool still_present(Xapian::docid docid, const std::string& id) const {
    if (seen_ids.count(id) || kept_docids.count(docid)) return true;
    for (const std::string& unreadable : unreadable_ids) {
      if (below(id, unreadable)) return true;
    }
    return false;
  }

  bool below_any(std::string_view id, const std::vector<std::string>& root_ids) const {
    for (const std::string& root : root_ids) {
      if (below(id, root)) return true;
    }
    return false;
  }

  // Removes the articles under the walked roots whose files were not found, and the remembered
  // state of feeds that were not found. The articles are found by the whole ids of kIdSlot, not
  // by id term prefixes, which a shortened long id does not keep.
  void remove_missing(const std::vector<std::string>& root_ids) {
    std::vector<std::string> gone;
    std::vector<std::string> stale_feed_keys;
    writer.read([&](const Xapian::Database& db) {
      const Xapian::ValueIterator end;
      for (auto it = db.valuestream_begin(schema::kIdSlot); it != end; ++it) {
        const std::string id = *it;
        if (below_any(id, root_ids) && !still_present(it.get_docid(), id)) gone.push_back(id);
      }
      const std::string key_head(schema::feed_state_key_prefix());
      for (auto it = db.metadata_keys_begin(key_head); it != db.metadata_keys_end(key_head); ++it) {
        // The value ends in "\t<feed id>"; an index written before names the feed in its key.
        const std::string value = db.get_metadata(*it);
        const std::size_t tab = value.find('\t');
        const std::string feed_id = tab == std::string::npos
                                        ? std::string(*it).substr(key_head.size())
                                        : value.substr(tab + 1);
        if (below_any(feed_id, root_ids) && !seen_feeds.count(feed_id) &&
            !still_present(0, feed_id)) {
          stale_feed_keys.push_back(*it);
        }
      }
    });
    for (const std::string& id : gone) {
      check_stop();
      writer.remove(schema::id_term(id));
      note(id, IndexAction::kRemoved);
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

  // Reads the root registry, first deriving it from the articles of an index written before
  // roots were registered (and giving their feed records member terms): one pass over the
  // stored data, no file read again, no id changed.
  void load_roots() {
    try {
      if (writer.metadata(std::string(schema::id_scheme_key())) != kIdScheme) migrate();
      roots = RootRegistry::parse(writer.metadata(std::string(schema::roots_key())));
    } catch (const Xapian::Error& e) {
      rethrow_as_kensaku_error(e, options.database);
    }
  }

  // Written only when changed: a run that changes nothing commits nothing.
  void save_roots() {
    const std::string roots_key(schema::roots_key()), scheme_key(schema::id_scheme_key());
    const std::string serialised = roots.serialise();
    if (writer.metadata(roots_key) != serialised) writer.set_metadata(roots_key, serialised);
    if (writer.metadata(scheme_key) != kIdScheme) writer.set_metadata(scheme_key, kIdScheme);
  }

  // Gives an article of an index from before the id scheme its feed's member term, and counts
  // its vote for the root name it came from.
  void migrate_document(Xapian::docid docid,
                        std::map<std::pair<std::string, std::string>, std::size_t>& votes) {
    Xapian::Document doc = writer.document(docid);
    const std::string id = doc.get_value(schema::kIdSlot);
    const std::string path = decode_stored_fields(doc.get_data()).path;
    std::string root_article = id;
    if (is_feed_path(path)) {
      if (std::optional<std::string> feed = feed_id_of_record(id, path)) {
        const std::string member = schema::feed_term(*feed);
        // Written before this scheme, so without the member term (a dry run cannot add it).
        unmigrated_feeds = writer.dry_run();
        doc.add_boolean_term(member);
        writer.replace(docid, doc);
        written(0);
        root_article = *feed;
      }
    }
    if (auto root = legacy_root(root_article, path)) ++votes[*root];
  }

  void migrate() {
    const std::string marker(schema::any_article_term());
    const std::vector<Xapian::docid> docids = writer.read([&](const Xapian::Database& db) {
      std::vector<Xapian::docid> out;
      for (auto it = db.postlist_begin(marker); it != db.postlist_end(marker); ++it) {
        out.push_back(*it);
      }
      return out;
    });
    std::map<std::pair<std::string, std::string>, std::size_t> votes;  // (root, id) -> articles
    // Documents read lazily: their values and data come through the guard too.
    xapian_try(options.database, [&] {
      for (Xapian::docid docid : docids) migrate_document(docid, votes);
    });
    // A name two roots shared goes to the root most of its articles came from.
    std::vector<std::pair<std::size_t, std::pair<std::string, std::string>>> ranked;
    for (const auto& [root, count] : votes) ranked.emplace_back(count, root);
    std::sort(ranked.begin(), ranked.end(), std::greater<>());
    roots = RootRegistry::parse(writer.metadata(std::string(schema::roots_key())));
    for (const auto& [count, root] : ranked) roots.learn(root.first, root.second);
    save_roots();
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
    const bool first_sighting = seen_ids.insert(file.id).second;
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
      // Only an id with a '#' can be a feed record's: such a file cannot take a record's id.
      if (old && file.id.find('#') != std::string::npos && is_record(*old)) {
        throw InputError(file.path, "its id " + file.id +
                                        " is already the id of a feed record: the file is skipped "
                                        "(hint: rename it, or the folder whose name holds a '#')");
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
      for (const std::string& warning : article.warnings) {
        if (observer) observer->on_warning(InputError(file.path, warning));
      }
      put(article, signature, existing, bytes.size(), vouched && !existing);
    } catch (const InputError& error) {
      fail(error);
    }
  }
};

Indexer::Indexer(IndexOptions options, IndexObserver* observer) : observer_(observer) {
  if (!open_shards(options, observer)) {
    impl_ = std::make_unique<Impl>(std::move(options), observer, ShardSlot{});
  }
}

Indexer::Indexer(IndexOptions options, IndexObserver* observer, ShardSlot slot)
    : impl_(std::make_unique<Impl>(std::move(options), observer, slot)) {}

Indexer::~Indexer() = default;

IndexSummary Indexer::run(const std::vector<std::string>& paths) {
  if (!shards_.empty()) return run_shards(paths);
  const auto started = std::chrono::steady_clock::now();
  impl_->load_roots();  // the first run over an index from before roots migrates it: counted
  const std::vector<std::string> root_ids = assign_roots(impl_->roots, paths, impl_->observer);
  impl_->save_roots();
  IndexSummary summary = run_roots(paths, root_ids);
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

void Indexer::read_roots(RootRegistry& roots) {
  impl_->load_roots();
  roots.merge(impl_->roots);
}

void Indexer::write_roots(const RootRegistry& roots) {
  impl_->roots = roots;
  impl_->save_roots();
}

std::vector<std::string> Indexer::assign_roots(RootRegistry& roots,
                                               const std::vector<std::string>& paths,
                                               IndexObserver* observer) {
  std::vector<std::string> ids;
  for (const std::string& path : paths) {
    const std::string key = root_key(path);
    const bool is_new = !roots.has(key);
    std::error_code error;
    if (is_new && !std::filesystem::exists(key, error)) {
      // A path that is not there (a typo) takes no name: it has nothing to index anyway.
      RootRegistry trial = roots;
      ids.push_back(trial.assign(key));
      continue;
    }
    ids.push_back(roots.assign(key));
    const std::string name = SourceWalker::root_id(path);
    // Said once, when the root is registered; a folder inside a root is not (it follows it).
    if (!is_new || !roots.has(key) || ids.back() == name || !observer) continue;
    // The name belongs to another root: say which, and what a moved root leaves behind.
    std::string message = "the articles of " + path + " get ids " + ids.back() + "/...: the name " +
                          name + " belongs to the root " + roots.key_of(name).value_or("(unknown)");
    if (auto other = roots.key_of(name); other && !std::filesystem::exists(*other)) {
      message += ", which is missing; its articles are kept (hint: if it moved, run `mkdir -p " +
                 *other + "` and index it once, empty, to remove them)";
    }
    observer->on_notice(message);
  }
  return ids;
}

IndexSummary Indexer::run_roots(const std::vector<std::string>& paths,
                                const std::vector<std::string>& root_ids) {
  Impl& impl = *impl_;
  impl.started = impl.last_progress = std::chrono::steady_clock::now();
  impl.summary = IndexSummary{};
  impl.seen_ids.clear();
  impl.seen_feeds.clear();
  impl.kept_docids.clear();
  impl.unreadable_ids.clear();
  impl.expected = impl.article_count();
  SourceWalker walker({impl.options.database});
  walker.set_read_ahead([&impl](const SourceFile& file) { return impl.will_read(file); });
  // Roots registered inside the walked ones keep their ids, and are walked whole with them.
  std::map<std::string, std::string> inner;
  for (const std::string& path : paths) inner.merge(impl.roots.inside(root_key(path)));
  walker.set_inner_roots(inner);
  std::vector<std::string> walked_ids = root_ids;
  for (const auto& [key, id] : inner) walked_ids.push_back(id);
  try {
    for (std::size_t i = 0; i < paths.size(); ++i) {
      walker.walk(
          paths[i], root_ids[i], [&impl](SourceFile&& file) { impl.file(std::move(file)); },
          [&impl](const InputError& error) { impl.fail_shared(error); },
          [&impl](const std::string& id) { impl.unreadable_ids.push_back(id); });
    }
    // Only a complete walk says what is gone: a stop skips this.
    if (!impl.options.keep_missing) impl.remove_missing(walked_ids);
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
