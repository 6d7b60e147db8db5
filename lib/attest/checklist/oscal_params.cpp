#include <algorithm>
#include <utility>

#include <attest/checklist/oscal.hpp>
#include <attest/core/limits.hpp>
#include <attest/core/text.hpp>

namespace attest::checklist::oscal {

namespace {

using nlohmann::json;

// Deeper chains of parameters inserted into parameters than any catalog has are treated as a
// loop, which also keeps hostile documents off the stack.
constexpr size_t k_max_nesting = limits::k_param_nesting;

bool starts_with_icase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && to_lower(text.substr(0, prefix.size())) == prefix;
}

// NIST's organization-defined parameters (ids `ac-02_odp.04`, labels `AC-02_ODP[04]`) carry
// short labels ("time period") that NIST prints as "organization-defined time period".
bool organization_defined(const json& param) {
    if (to_lower(text_at(param, "id")).find("_odp") != std::string::npos) {
        return true;
    }
    if (auto props = param.find("props"); props != param.end() && props->is_array()) {
        for (const auto& prop : *props) {
            if (prop.is_object() && (text_at(prop, "name") == "aggregates" ||
                                     (text_at(prop, "name") == "label" &&
                                      text_at(prop, "value").find("_ODP") != std::string::npos))) {
                return true;
            }
        }
    }
    return false;
}

std::string assignment(const json& param, std::string_view label) {
    bool prefix = organization_defined(param) && !starts_with_icase(label, "organization-defined");
    return "[Assignment: " + std::string(prefix ? "organization-defined " : "") +
           std::string(label) + "]";
}

} // namespace

std::string text_at(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) {
        return {};
    }
    const auto& text = it->get_ref<const std::string&>();
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        auto u = static_cast<unsigned char>(text[i]);
        bool c1 = u == 0xc2 && i + 1 < text.size() &&
                  static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                  static_cast<unsigned char>(text[i + 1]) <= 0x9f;
        if (c1) {
            ++i;
        }
        out += c1 || (u < 0x20 && u != '\n' && u != '\t') || u == 0x7f ? ' ' : text[i];
    }
    return out;
}

std::string tidy_prose(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        bool blank = c == ' ' || c == '\t';
        if (blank && (out.empty() || out.back() == ' ' || out.back() == '\n')) {
            continue;
        }
        if (c == '\n' && !out.empty() && out.back() == ' ') {
            out.pop_back();
        }
        if ((c == ';' || c == ',' || c == '.' || c == ':' || c == ')') && out.size() >= 2 &&
            out.back() == ' ' && out[out.size() - 2] == ']') {
            out.pop_back();
        }
        out += blank ? ' ' : c;
    }
    return std::string(trim(out));
}

void ParamRenderer::add_global(const json& param) {
    if (param.is_object()) {
        if (auto id = text_at(param, "id"); !id.empty()) {
            m_global.emplace(id, &param);
        }
    }
}

void ParamRenderer::enter(const json& params) {
    std::map<std::string, const json*> scope;
    if (params.is_array()) {
        for (const auto& param : params) {
            if (param.is_object()) {
                if (auto id = text_at(param, "id"); !id.empty()) {
                    scope.emplace(id, &param);
                }
            }
        }
    }
    m_scopes.push_back(std::move(scope));
    m_memo.clear();
}

void ParamRenderer::leave() {
    if (!m_scopes.empty()) {
        m_scopes.pop_back();
    }
    m_memo.clear();
}

const json* ParamRenderer::find(const std::string& id) const {
    for (auto scope = m_scopes.rbegin(); scope != m_scopes.rend(); ++scope) {
        if (auto found = scope->find(id); found != scope->end()) {
            return found->second;
        }
    }
    auto found = m_global.find(id);
    return found == m_global.end() ? nullptr : found->second;
}

std::vector<std::string> ParamRenderer::take_problems() {
    return std::exchange(m_problems, {});
}

std::vector<std::string> ParamRenderer::take_errors() {
    return std::exchange(m_errors, {});
}

std::string ParamRenderer::substitute(std::string_view prose) {
    bool top = m_active.empty();
    if (top && m_expanded > limits::k_expanded_text) {
        return std::string(prose);
    }
    std::string out;
    size_t pos = 0;
    // Inside a parameter, writing stops once the text passes the limit; render() reports it.
    while (pos < prose.size() && (top || out.size() <= limits::k_param_text)) {
        auto open = prose.find("{{", pos);
        auto close = open == std::string_view::npos ? open : prose.find("}}", open + 2);
        if (close == std::string_view::npos) {
            out += prose.substr(pos);
            break;
        }
        out += prose.substr(pos, open - pos);
        auto inner = trim(prose.substr(open + 2, close - open - 2));
        auto colon = inner.find(':');
        auto comma = inner.find(',');
        if (colon != std::string_view::npos && comma != std::string_view::npos && comma > colon &&
            trim(inner.substr(0, colon)) == "insert" &&
            trim(inner.substr(colon + 1, comma - colon - 1)) == "param") {
            out += render(std::string(trim(inner.substr(comma + 1))));
            // NIST leaves a blank between an insert and the punctuation after it ("... }} ;").
            auto next = prose.find_first_not_of(" \t", close + 2);
            if (next != std::string_view::npos &&
                std::string_view(";,.:)").find(prose[next]) != std::string_view::npos) {
                close = next - 2;
            }
        } else if (colon == std::string_view::npos && find(std::string(inner)) != nullptr) {
            // OSCAL 1.0.0 release candidates (NIST's 2020 catalogs, still vendored widely)
            // insert a parameter by its bare id: `{{ ac-1_prm_1 }}`.
            out += render(std::string(inner));
        } else {
            out += prose.substr(open, close + 2 - open);
        }
        pos = close + 2;
    }
    auto tidy = tidy_prose(out);
    if (top) {
        m_expanded += tidy.size();
        if (m_expanded > limits::k_expanded_text) {
            m_errors.push_back("the catalog's prose passes " +
                               std::to_string(limits::k_expanded_text >> 20) +
                               " MiB with its parameters written out (the limit on a whole "
                               "catalog); parameters inserted into parameters multiply its size");
        }
    }
    return tidy;
}

std::string ParamRenderer::render(const std::string& id) {
    if (auto memo = m_memo.find(id); memo != m_memo.end()) {
        return memo->second;
    }
    const json* param = find(id);
    if (param == nullptr) {
        if (m_reported.insert("undefined:" + id).second) {
            m_problems.push_back("parameter '" + id + "' is inserted but defined nowhere in the " +
                                 "document; it reads as \"[Assignment: undefined parameter]\"");
        }
        return "[Assignment: undefined parameter]";
    }
    bool looping = std::find(m_active.begin(), m_active.end(), id) != m_active.end();
    if (looping || m_active.size() >= k_max_nesting) {
        if (m_reported.insert("loop:" + id).second) {
            m_problems.push_back("parameter '" + id + "' inserts itself through " +
                                 join(m_active, " -> ") + "; the inner one reads as its label");
        }
        auto label = text_at(*param, "label");
        return assignment(*param, label.find("{{") == std::string::npos && !label.empty()
                                      ? label
                                      : std::string("value"));
    }
    m_active.push_back(id);
    std::string text = render_param(*param);
    m_active.pop_back();
    if (text.size() > limits::k_param_text) {
        if (m_reported.insert("long:" + id).second) {
            m_errors.push_back("parameter '" + id + "' passes " +
                               std::to_string(limits::k_param_text >> 10) +
                               " KiB with the parameters it inserts written out (the limit on "
                               "one parameter)");
        }
        text = assignment(*param, "value");
    }
    m_memo.emplace(id, text);
    return text;
}

std::string ParamRenderer::render_param(const json& param) {
    if (auto values = param.find("values"); values != param.end() && values->is_array()) {
        std::vector<std::string> set;
        for (const auto& value : *values) {
            if (value.is_string() && !trim(value.get<std::string>()).empty()) {
                set.push_back(substitute(value.get<std::string>()));
            }
        }
        if (!set.empty()) {
            return join(set, ", ");
        }
    }
    if (auto select = param.find("select"); select != param.end() && select->is_object()) {
        std::vector<std::string> choices;
        if (auto choice = select->find("choice"); choice != select->end() && choice->is_array()) {
            for (const auto& c : *choice) {
                if (c.is_string() && !trim(c.get<std::string>()).empty()) {
                    choices.push_back(substitute(c.get<std::string>()));
                }
            }
        }
        if (!choices.empty()) {
            // OSCAL 1.0 writes "one-or-more"; its release candidates wrote "one or more".
            auto how_many = text_at(*select, "how-many");
            bool many = how_many == "one-or-more" || how_many == "one or more";
            return std::string("[Selection") + (many ? " (one or more)" : "") + ": " +
                   join(choices, "; ") + "]";
        }
    }
    auto label = substitute(text_at(param, "label"));
    return assignment(param, label.empty() ? "value" : label);
}

} // namespace attest::checklist::oscal
