// Element and attribute lookup by local name: Office files may or may not prefix their namespaces
// ("sheet" or "x:sheet"), and pugixml compares qualified names.
#pragma once

#include <pugixml.hpp>

#include <string_view>

namespace sentinel::forensic {

inline std::string_view local_name(const char* qualified) {
    const std::string_view name(qualified);
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

inline bool is_named(const pugi::xml_node& node, std::string_view name) {
    return node.type() == pugi::node_element && local_name(node.name()) == name;
}

inline pugi::xml_node child_named(const pugi::xml_node& parent, std::string_view name) {
    for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling())
        if (is_named(child, name)) return child;
    return {};
}

inline pugi::xml_attribute attribute_named(const pugi::xml_node& node, std::string_view name) {
    for (pugi::xml_attribute attribute = node.first_attribute(); attribute; attribute = attribute.next_attribute())
        if (local_name(attribute.name()) == name) return attribute;
    return {};
}

// The document element (the first element child of the document).
inline pugi::xml_node root_element(const pugi::xml_document& document) { return document.document_element(); }

} // namespace sentinel::forensic
