// What the content detectors match against: a text decoded once from percent-encoding and HTML
// entities and lower-cased, so "%27%20OR%201%3D1", "&#39; or 1=1" and "' OR 1=1" all read alike.
#pragma once

#include <string>
#include <string_view>

namespace sentinel::security {

// "%XX" to its byte, "%uXXXX" to its character when ASCII, and '+' to a space once a '?' or '='
// has begun a query or form value ("q=a+b"; "chmod u+s" keeps its '+'), or everywhere when the
// whole text is known to be one (`form_encoded`). Malformed escapes stay.
std::string percent_decode(std::string_view text, bool form_encoded = false);

// &lt; &gt; &amp; &quot; &apos; &nbsp; &sol; &colon; &lpar; &rpar; &tab; &newline; and numeric
// references (&#39; &#x27;, the ';' optional as browsers allow) that name an ASCII character.
std::string decode_html_entities(std::string_view text);

// percent_decode, then decode_html_entities, then ASCII lower-case.
std::string normalise_for_matching(std::string_view text, bool form_encoded = false);

} // namespace sentinel::security
