#pragma once
// The `--where` filter language: a small, safe expression language over a layer's fields.
//
//   expr      := or
//   or        := and ('or' and)*
//   and       := unary ('and' unary)*
//   unary     := 'not' unary | primary
//   primary   := '(' expr ')' | operand [ op operand | ['not'] 'in' '(' literal (',' literal)* ')'
//                                        | ['not'] 'like' string | 'is' ['not'] 'null' ]
//   op        := '=' | '!=' | '<>' | '<' | '<=' | '>' | '>='
//   operand   := field | literal
//   literal   := number[unit] | 'string' | true | false | null
//
// Keywords are case-insensitive. Numbers may carry an area unit (m2, mu, 亩, ha: compared as m², or
// as 亩 against area_mu) or a length unit (m, km). Strings are in single quotes ('' for a quote).
// Fields are the layer's canonical fields, its derived ones (subdistrict, area_m2, area_mu) and extra
// source attributes kept by the importer (bare, double-quoted "名称", or attrs.NAME).
//
// The compiler emits SQL made only of whitelisted column names, operators and `?` placeholders; every
// value the user typed is returned as a parameter to bind. Nothing typed is pasted into SQL.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "landbank/layers.h"

namespace landbank {

/// A value bound to a `?` placeholder (null, integer, real or text).
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/// SQL for a WHERE clause plus the values for its placeholders, in order.
struct SqlFilter {
  std::string sql;
  std::vector<SqlValue> parameters;
};

/// Deepest nesting of parentheses and `not` accepted (keeps recursion bounded on hostile input).
inline constexpr int kMaxExpressionDepth = 64;
/// Longest expression accepted, in bytes.
inline constexpr std::size_t kMaxExpressionLength = 100000;

/// Answers whether `name` is an extra (non-canonical) attribute present in the layer's data.
using ExtraAttributeLookup = std::function<bool(std::string_view name)>;

/// Field names a layer's expressions may use directly (canonical + derived), in a stable order.
std::vector<std::string> expressionFieldNames(Layer layer);

/// SQL expression for a canonical/derived field (its column name), or empty when `name` is not one.
std::string canonicalFieldColumn(Layer layer, std::string_view name);

/// Parses `text` and compiles it for `layer`'s table. Throws Error(Expression) naming the 1-based
/// column where parsing failed and what was expected, or naming an unknown field and listing the
/// valid ones. Input that is not UTF-8, too long or nested deeper than kMaxExpressionDepth is an error.
SqlFilter compileWhereExpression(std::string_view text, Layer layer, const ExtraAttributeLookup& isExtraAttribute);

}  // namespace landbank
