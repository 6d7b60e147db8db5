#include <algorithm>
#include <atomic>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include <attest/ack/standing.hpp>
#include <attest/audit/plan.hpp>
#include <attest/calendar/gather.hpp>
#include <attest/calendar/items.hpp>
#include <attest/core/workers.hpp>
#include <attest/credentials/expiry.hpp>
#include <attest/credentials/roster.hpp>

namespace attest::calendar {

namespace {

// A word of a suggested command as a POSIX shell reads it: left alone when it is plain, else
// in single quotes.
std::string command_word(std::string_view word) {
    bool plain = !word.empty();
    for (char c : word) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
              c == '/' || c == ':' || c == '@' || c == '+' || c == '=' || c == ',')) {
            plain = false;
        }
    }
    if (plain) {
        return std::string(word);
    }
    std::string out = "'";
    for (char c : word) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// The ids of the checklists whose recurring items are deadlines: those attest.toml says the
// workspace uses, else those its audits cover.
std::set<std::string>
calendar_checklist_ids(const config::Config& config,
                       const std::map<std::int64_t, storage::AuditRecord>& audits) {
    std::set<std::string> ids(config.checklists.begin(), config.checklists.end());
    if (ids.empty()) {
        for (const auto& [id, audit] : audits) {
            for (const auto& c : audit.checklists) {
                ids.insert(c.checklist_id);
            }
        }
    }
    return ids;
}

std::map<std::int64_t, storage::AuditRecord> audits_by_id(storage::Store& store) {
    std::map<std::int64_t, storage::AuditRecord> out;
    for (auto& audit : store.audits()) {
        auto id = audit.id;
        out.emplace(id, std::move(audit));
    }
    return out;
}

// Acknowledgements of policies' versions in force still to be given, found person by person as
// the roster is read: beside the credential standing when both are wanted, so the roster is
// read once. Parts of the roster may come from two threads at once; each keeps its own
// deadlines, by policy.
class AckPass final : public storage::RosterSink {
public:
    AckPass(storage::Store& store, const ack::Manual& manual, const Query& query, Date through)
        : m_query(query), m_through(through) {
        for (const auto& policy : manual.policies) {
            if (!policy.asks() || policy.retired || !policy.approved) {
                continue;
            }
            Asking& asking = m_asking.emplace_back(
                Asking{&policy,
                       ack::Signatures(
                           store.signatures(policy.id, policy.version, policy.approved->iso())),
                       {},
                       {}});
            asking.what = " to acknowledge " + policy.id +
                          (policy.title.empty() ? std::string() : " " + policy.title) +
                          ", version " + policy.version_text();
            asking.command = " " + command_word(policy.id);
        }
    }

    // True when some policy in force asks for acknowledgements.
    bool asks() const { return !m_asking.empty(); }

    void begin(std::size_t parts) override {
        m_parts.assign(parts, std::vector<std::vector<Deadline>>(m_asking.size()));
    }

    void take(std::size_t part, storage::RosterBatch& batch) override {
        auto& into = m_parts.at(part);
        for (const auto& person : batch.staff) {
            if (person.status != "active" ||
                (!m_query.site.empty() && person.site != m_query.site)) {
                continue;
            }
            for (size_t p = 0; p < m_asking.size(); ++p) {
                const auto& asking = m_asking[p];
                const auto& policy = *asking.policy;
                if (!policy.applies_to(person.role)) {
                    continue;
                }
                Date due = ack::due_date(policy, person.hire_date);
                if (due > m_through) {
                    continue;
                }
                auto signed_by = asking.signatures.of(person.id);
                if (signed_by.current) {
                    continue;
                }
                Deadline d;
                d.kind = Kind::ack;
                d.staff_id = person.id;
                d.staff_name =
                    credentials::full_name(person.first_name, person.middle_name, person.last_name);
                d.manager = person.manager;
                d.manager_email = person.manager_email;
                d.owner = person.manager;
                d.site = person.site;
                d.id = "ack/" + policy.id + "/" + d.staff_id;
                d.what = d.staff_name + " (" + d.staff_id + ")" + asking.what;
                d.due = due;
                d.command = "attest policy ack add " + command_word(person.id) + asking.command;
                d.detail = policy.path +
                           (signed_by.earlier
                                ? "; acknowledged an earlier version on " + signed_by.earlier->iso()
                                : std::string());
                count_days(d, m_query.today);
                if (d.starts() <= m_through && m_query.matches(d)) {
                    into[p].push_back(std::move(d));
                }
            }
        }
    }

    // The people are all that is needed, and of them only what names and places them.
    bool wants_credentials() const override { return false; }
    storage::StaffFields staff_fields() const override { return storage::StaffFields::named; }

    // Moves the deadlines found to the end of `pieces`, by policy then staff id.
    void collect(std::vector<std::vector<Deadline>>& pieces) {
        for (size_t p = 0; p < m_asking.size(); ++p) {
            for (auto& part : m_parts) {
                if (!part[p].empty()) {
                    pieces.push_back(std::move(part[p]));
                }
            }
        }
    }

private:
    struct Asking {
        const ack::AckPolicy* policy;
        ack::Signatures signatures;
        // What every deadline of this policy says after the person, and its command's end.
        std::string what;
        std::string command;
    };
    const Query& m_query;
    Date m_through;
    std::vector<Asking> m_asking;
    std::vector<std::vector<std::vector<Deadline>>> m_parts;
};

struct Gathering {
    storage::Store& store;
    const Sources& sources;
    const Query& query;
    Date through;
    // The deadlines found so far, in pieces (each moved in whole), then those being added.
    std::vector<std::vector<Deadline>> pieces;
    std::vector<Deadline> out;
    // Every audit by number, for sites and names.
    std::map<std::int64_t, storage::AuditRecord> audits;

    // Counts a deadline's days; true when it is within the look-ahead and passes the filters.
    bool keeps(Deadline& d) const {
        count_days(d, query.today);
        return d.starts() <= through && query.matches(d);
    }

    void add(Deadline d) {
        if (keeps(d)) {
            out.push_back(std::move(d));
        }
    }

    // Ends the piece being added to, so pieces that follow come after it.
    void end_piece() {
        if (!out.empty()) {
            pieces.push_back(std::move(out));
            out.clear();
        }
    }

    std::string audit_site(std::int64_t id) const {
        auto found = audits.find(id);
        return found == audits.end() ? std::string() : found->second.site;
    }

    void plans() {
        for (const auto& plan : store.plans()) {
            if (plan.status == "done") {
                continue;
            }
            auto due = parse_iso_date(plan.due);
            if (!due) {
                continue;
            }
            Deadline d;
            d.kind = Kind::plan;
            d.id = "plan/" + std::to_string(plan.id);
            d.what = "Corrective action plan " + std::to_string(plan.id) + " for " +
                     plan.checklist_id + ":" + plan.item_id + ": " + plan.action;
            d.owner = plan.owner;
            d.site = audit_site(plan.audit_id);
            d.due = *due;
            d.command = "attest plan done " + std::to_string(plan.id) + " --evidence FILE";
            auto audit = audits.find(plan.audit_id);
            d.detail = "audit " + std::to_string(plan.audit_id) +
                       (audit == audits.end() ? "" : " (" + audit->second.name + ")") +
                       "; monitored by: " + plan.monitor;
            add(std::move(d));
        }
    }

    static void person(Deadline& d, const storage::StaffRecord& staff) {
        d.staff_id = staff.id;
        d.staff_name = credentials::full_name(staff);
        d.manager = staff.manager;
        d.manager_email = staff.manager_email;
        d.owner = staff.manager;
        d.site = staff.site;
    }

    // The deadline of one item of the credential report.
    Deadline credential_deadline(const credentials::ReportItem& item) const {
        Deadline d;
        d.kind = Kind::credential;
        person(d, item.staff());
        auto who = d.staff_name + " (" + item.staff().id + ")";
        auto staff_type = command_word(item.staff().id) + " " + command_word(item.type);
        switch (item.kind) {
        case credentials::ItemKind::missing:
            d.id = "credential/" + item.staff().id + "/" + item.type;
            d.what = "Obtain " + item.type_title + " for " + who + ": required for " +
                     item.staff().role + ", never held";
            d.due = query.today;
            d.command = "attest cred add " + staff_type + " --issued DATE";
            d.detail = "required by role " + item.staff().role;
            break;
        case credentials::ItemKind::unverified:
            d.id = "credential-verify/" + item.staff().id + "/" + item.type;
            d.what = "Verify " + item.type_title + " of " + who + " with the primary source";
            d.due = query.today;
            d.command = "attest cred verify " + staff_type + " --by NAME --on DATE";
            d.detail = "issued " + item.issued + ", not verified with the issuing body";
            break;
        case credentials::ItemKind::expired:
        case credentials::ItemKind::expiring:
            d.id = "credential/" + item.staff().id + "/" + item.type;
            d.what = "Renew " + item.type_title + " of " + who;
            d.due = *parse_iso_date(item.expires);
            d.command = "attest cred renew " + staff_type + " --issued DATE";
            d.detail = item.type_title +
                       (item.kind == credentials::ItemKind::expired ? " expired " : " expires ") +
                       item.expires;
            break;
        }
        return d;
    }

    // The credentials' deadlines; `also` is handed the same pass over the roster.
    void credentials(storage::RosterSink* also) {
        storage::StaffFilter filter;
        filter.site = query.site;
        int within = std::max(0, query.today.days_until(through));
        // A deadline names the person, their role, site and manager: no more of them is read.
        auto items = credentials::expiry_report(store, sources.config.credentials, query.today,
                                                within, filter, also, storage::StaffFields::named);
        // Made on every core, a piece of the items each time, each piece's deadlines kept in
        // its slot so they come out in the items' order.
        constexpr size_t k_piece = 4096;
        std::vector<std::vector<Deadline>> made((items.size() + k_piece - 1) / k_piece);
        std::atomic<size_t> next{0};
        run_workers(worker_count(0, made.size() * 16), [&] {
            for (size_t piece = next++; piece < made.size(); piece = next++) {
                auto& into = made[piece];
                for (size_t i = piece * k_piece; i < std::min(items.size(), (piece + 1) * k_piece);
                     ++i) {
                    Deadline d = credential_deadline(items[i]);
                    if (keeps(d)) {
                        into.push_back(std::move(d));
                    }
                }
            }
        });
        end_piece();
        for (auto& piece : made) {
            if (!piece.empty()) {
                pieces.push_back(std::move(piece));
            }
        }
    }

    void policy_reviews() {
        std::map<std::string, int> review_ids;
        for (const auto& policy : sources.policies) {
            if (!policy.readable || policy.retired()) {
                continue;
            }
            auto due = policy.due();
            if (!due) {
                continue;
            }
            Deadline d;
            d.kind = Kind::policy_review;
            // Two files sharing an id (an error policy check reports) still get an id each: the
            // second in file order is "ID#2".
            auto key = policy.id.present() ? policy.id.value : policy.path;
            auto seen = ++review_ids[key];
            d.id = "policy-review/" + key + (seen > 1 ? "#" + std::to_string(seen) : "");
            d.what = "Review policy " + policy.label() +
                     (policy.title.present() ? " " + policy.title.value : std::string());
            d.owner = policy.owner.value;
            d.due = *due;
            d.command = "attest policy check " + command_word(policy.path);
            d.detail = policy.path + "; after the review set approved (and next_review) in its "
                                     "front matter";
            add(std::move(d));
        }
    }

    // The key evidence is renewed under: its first linked item, else the evidence itself.
    static std::string
    subject(const storage::EvidenceRecord& e,
            const std::multimap<std::int64_t, const storage::EvidenceLink*>& links) {
        std::set<std::string> items;
        auto [first, last] = links.equal_range(e.id);
        for (auto it = first; it != last; ++it) {
            if (!it->second->item_id.empty()) {
                items.insert(it->second->checklist_id + ":" + it->second->item_id);
            }
        }
        return items.empty() ? "#" + std::to_string(e.id) : *items.begin();
    }

    void evidence(const std::vector<storage::EvidenceRecord>& all,
                  const std::vector<storage::EvidenceLink>& links,
                  const std::set<std::string>& recurring_items) {
        std::multimap<std::int64_t, const storage::EvidenceLink*> by_evidence;
        for (const auto& link : links) {
            by_evidence.emplace(link.evidence_id, &link);
        }
        // The latest valid-to of each subject: earlier pieces were renewed by it.
        std::map<std::string, const storage::EvidenceRecord*> latest;
        for (const auto& e : all) {
            if (e.valid_to.empty() || !parse_iso_date(e.valid_to)) {
                continue;
            }
            auto key = subject(e, by_evidence);
            auto& slot = latest[key];
            if (slot == nullptr || e.valid_to > slot->valid_to ||
                (e.valid_to == slot->valid_to && e.id > slot->id)) {
                slot = &e;
            }
        }
        for (const auto& [key, e] : latest) {
            if (recurring_items.count(key) != 0) {
                continue;
            }
            Deadline d;
            d.kind = Kind::evidence;
            d.id = "evidence/" + key;
            std::string name = e->original_name.empty() ? e->note : e->original_name;
            d.what = "Renew evidence " + std::to_string(e->id) + " (" + name + ")" +
                     (key[0] == '#' ? std::string() : " for " + key);
            d.owner = e->added_by;
            auto [first, last] = by_evidence.equal_range(e->id);
            for (auto it = first; it != last; ++it) {
                if (it->second->audit_id != 0) {
                    d.site = audit_site(it->second->audit_id);
                    break;
                }
            }
            d.due = *parse_iso_date(e->valid_to);
            d.command = key[0] == '#' ? "attest evidence add FILE --valid-to DATE"
                                      : "attest evidence add FILE --audit AUDIT --item " +
                                            command_word(key) + " --valid-to DATE";
            d.detail = "evidence " + std::to_string(e->id) + " valid to " + e->valid_to;
            add(std::move(d));
        }
    }

    std::vector<const checklist::Entry*> used_checklists() const {
        std::vector<const checklist::Entry*> entries;
        for (const auto& id : calendar_checklist_ids(sources.config, audits)) {
            if (const auto* entry = sources.catalog.find(id)) {
                entries.push_back(entry);
            }
        }
        return entries;
    }

    // Adds the items' deadlines; returns the `checklist:item` of every recurring item.
    std::set<std::string> items(const std::vector<storage::EvidenceRecord>& all,
                                const std::vector<storage::EvidenceLink>& links) {
        std::set<std::string> recurring;
        auto checklists = used_checklists();
        std::vector<std::vector<storage::ResponseRecord>> answers;
        for (const auto& [id, audit] : audits) {
            answers.push_back(store.current_responses(id));
        }
        auto histories = item_histories(answers, all, links, query.today);
        const ItemHistory none;
        for (const auto* entry : checklists) {
            for (const auto& section : entry->checklist.sections) {
                for (const auto& item : section.items) {
                    if (!recurs(item)) {
                        continue;
                    }
                    auto key = entry->checklist.id + ":" + item.id;
                    recurring.insert(key);
                    auto found = histories.find(key);
                    const auto& history = found == histories.end() ? none : found->second;
                    if (history.not_applicable || !query.wants(Kind::item)) {
                        continue;
                    }
                    add(item_deadline(*entry, item, history, query.today));
                }
            }
        }
        return recurring;
    }

    void audit_deadlines() {
        std::set<std::int64_t> followed;
        for (const auto& [id, audit] : audits) {
            if (audit.previous_id != 0) {
                followed.insert(audit.previous_id);
            }
        }
        for (const auto& [id, audit] : audits) {
            auto quoted = command_word(audit.name);
            if (audit.status == "open") {
                if (auto due = parse_iso_date(audit.due)) {
                    Deadline d;
                    d.kind = Kind::audit;
                    d.id = "audit/" + std::to_string(id);
                    d.what = "Finish audit " + std::to_string(id) + " " + audit.name;
                    d.owner = audit.auditor;
                    d.site = audit.site;
                    d.due = *due;
                    d.command = "attest audit close " + quoted;
                    d.detail = "answer every item, then close it";
                    add(std::move(d));
                }
            }
            int months = audit.recurrence == "monthly"     ? 1
                         : audit.recurrence == "quarterly" ? 3
                         : audit.recurrence == "annual"    ? 12
                                                           : 0;
            if (months == 0 || followed.count(id) != 0) {
                continue;
            }
            auto from = parse_iso_date(audit.due);
            if (!from) {
                from = parse_iso_date(std::string_view(audit.created_at).substr(0, 10));
            }
            if (!from) {
                continue;
            }
            Deadline d;
            d.kind = Kind::audit;
            d.id = "audit-next/" + std::to_string(id);
            d.what = "Next " + audit.recurrence + " cycle of audit " + audit.name;
            d.owner = audit.auditor;
            d.site = audit.site;
            d.due = from->plus_months(months);
            d.command = "attest audit new --like " + quoted + " --name NAME";
            d.detail = "recurs " + audit.recurrence + " after audit " + std::to_string(id);
            add(std::move(d));
        }
    }
};

} // namespace

std::vector<Deadline> gather(storage::Store& store, const Sources& sources, const Query& query) {
    Gathering g{store,
                sources,
                query,
                query.today.plus_days(std::max(0, query.within_days)),
                {},
                {},
                audits_by_id(store)};
    if (query.wants(Kind::plan)) {
        g.plans();
    }
    // Acknowledgements are found in the credentials' pass over the roster, or in one of their
    // own that reads no credentials.
    std::optional<AckPass> acks;
    if (query.wants(Kind::ack)) {
        acks.emplace(store, sources.manual, query, g.through);
        if (!acks->asks()) {
            acks.reset();
        }
    }
    if (query.wants(Kind::credential)) {
        g.credentials(acks ? &*acks : nullptr);
    } else if (acks) {
        storage::StaffFilter filter;
        filter.site = query.site;
        filter.status = "active";
        store.read_roster(filter, *acks);
    }
    if (query.wants(Kind::policy_review)) {
        g.policy_reviews();
    }
    if (acks) {
        g.end_piece();
        acks->collect(g.pieces);
    }
    if (query.wants(Kind::item) || query.wants(Kind::evidence)) {
        auto all = store.evidence();
        auto links = store.evidence_links();
        auto recurring = g.items(all, links);
        if (query.wants(Kind::evidence)) {
            g.evidence(all, links, recurring);
        }
    }
    if (query.wants(Kind::audit)) {
        g.audit_deadlines();
    }
    g.end_piece();
    return sorted_deadlines(g.pieces);
}

std::vector<std::string> missing_checklists(storage::Store& store, const Sources& sources) {
    std::vector<std::string> out;
    for (const auto& id : calendar_checklist_ids(sources.config, audits_by_id(store))) {
        if (sources.catalog.find(id) == nullptr) {
            out.push_back(id);
        }
    }
    return out;
}

} // namespace attest::calendar
