#include "landbank/expression.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>

#include "landbank/error.h"
#include "landbank/units.h"
#include "landbank/texts.h"

namespace landbank {

namespace {

enum class TokenKind { Identifier, QuotedIdentifier, Number, String, Operator, LeftParen, RightParen, Comma, End };

enum class UnitKind { None, Area, Length };

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;         // identifier, string content, operator, or the number as typed
  double number = 0;        // value in m² (area unit) or m (length unit) or as typed
  UnitKind unit = UnitKind::None;
  std::size_t offset = 0;   // byte offset in the input, for the error column
};

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

bool isIdentifierStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool isIdentifierPart(unsigned char c) { return std::isalnum(c) || c == '_' || c == '.' || c >= 0x80; }

// 1-based column in characters (not bytes), so a Chinese field name before the error counts once.
std::size_t columnOf(std::string_view text, std::size_t offset) {
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  return column;
}

// Byte offset of the first byte that does not start a well-formed UTF-8 sequence, or npos.
std::size_t firstInvalidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 4 : 0;
    if (length == 0 || i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    i += length;
  }
  return std::string_view::npos;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : m_text(text) {}

  std::vector<Token> tokens() {
    std::vector<Token> result;
    while (true) {
      skipSpace();
      Token token;
      token.offset = m_pos;
      if (m_pos >= m_text.size()) {
        result.push_back(token);
        return result;
      }
      const auto c = static_cast<unsigned char>(m_text[m_pos]);
      if (c == '\'') {
        token.kind = TokenKind::String;
        token.text = readQuoted('\'');
      } else if (c == '"') {
        token.kind = TokenKind::QuotedIdentifier;
        token.text = readQuoted('"');
        if (token.text.empty()) fail(token.offset, Message{"双引号内的字段名", "a field name inside the double quotes"});
      } else if (std::isdigit(c) || (c == '.' && m_pos + 1 < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos + 1])))) {
        readNumber(token);
      } else if (c == '-' && m_pos + 1 < m_text.size() &&
                 (std::isdigit(static_cast<unsigned char>(m_text[m_pos + 1])) || m_text[m_pos + 1] == '.')) {
        readNumber(token);
      } else if (isIdentifierStart(c)) {
        token.kind = TokenKind::Identifier;
        while (m_pos < m_text.size() && isIdentifierPart(static_cast<unsigned char>(m_text[m_pos]))) ++m_pos;
        token.text = std::string(m_text.substr(token.offset, m_pos - token.offset));
      } else if (c == '(') {
        token.kind = TokenKind::LeftParen, ++m_pos;
      } else if (c == ')') {
        token.kind = TokenKind::RightParen, ++m_pos;
      } else if (c == ',') {
        token.kind = TokenKind::Comma, ++m_pos;
      } else {
        static const char* const operators[] = {"<=", ">=", "!=", "<>", "==", "=", "<", ">"};
        token.kind = TokenKind::Operator;
        for (const char* op : operators)
          if (m_text.substr(m_pos).starts_with(op)) {
            token.text = op;
            break;
          }
        if (token.text.empty()) fail(m_pos, Message{"字段、值、运算符或括号，却遇到 '" + std::string(1, m_text[m_pos]) + "'",
                                          "a field, a value, an operator or a parenthesis, found '" + std::string(1, m_text[m_pos]) + "'"});
        m_pos += token.text.size();
      }
      result.push_back(std::move(token));
    }
  }

  [[noreturn]] void fail(std::size_t offset, const Message& expected) const {
    const std::string column = std::to_string(columnOf(m_text, offset));
    throw Error(ErrorCode::Expression, Message{"--where：第 " + column + " 列：此处应为" + expected.zh, "--where: column " + column + ": expected " + expected.en});
  }

 private:
  void skipSpace() {
    while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos]))) ++m_pos;
  }

  std::string readQuoted(char quote) {
    const std::size_t start = m_pos++;
    std::string value;
    while (true) {
      if (m_pos >= m_text.size()) fail(start, Message{std::string("与此处开头对应的结束引号 ") + quote, std::string("a closing ") + quote + " for the text started here"});
      if (m_text[m_pos] == quote) {
        if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == quote) {  // doubled quote = one quote (SQL style)
          value += quote;
          m_pos += 2;
          continue;
        }
        ++m_pos;
        return value;
      }
      value += m_text[m_pos++];
    }
  }

  void readNumber(Token& token) {
    token.kind = TokenKind::Number;
    const char* begin = m_text.data() + m_pos;
    const char* end = m_text.data() + m_text.size();
    auto [ptr, ec] = std::from_chars(begin, end, token.number);
    if (ec != std::errc() || !std::isfinite(token.number)) fail(m_pos, Message{"数字", "a number"});
    m_pos += static_cast<std::size_t>(ptr - begin);
    const std::size_t unitStart = m_pos;
    while (m_pos < m_text.size() && (isIdentifierPart(static_cast<unsigned char>(m_text[m_pos])) && m_text[m_pos] != '.')) ++m_pos;
    const std::string unit = lower(m_text.substr(unitStart, m_pos - unitStart));
    token.text = std::string(m_text.substr(token.offset, m_pos - token.offset));
    if (unit.empty()) return;
    const double magnitude = std::fabs(token.number);
    const std::string asText = std::to_string(magnitude) + unit;
    if (unit == "m2" || unit == "m²" || unit == "mu" || unit == "亩" || unit == "ha" || unit == "公顷" || unit == "平方米") {
      token.unit = UnitKind::Area;
      token.number = std::copysign(parseAreaSquareMetres(asText), token.number);
    } else if (unit == "m" || unit == "km" || unit == "米" || unit == "公里") {
      token.unit = UnitKind::Length;
      token.number = std::copysign(parseLengthMetres(asText), token.number);
    } else {
      fail(unitStart, Message{"数字后的单位 m2、mu、亩、ha、m 或 km，却遇到 '" + unit + "'", "a unit m2, mu, 亩, ha, m or km after the number, found '" + unit + "'"});
    }
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

// An operand after compilation: SQL text plus its parameters, and what it is (so an area literal
// compared with area_mu can be converted to 亩).
struct Operand {
  std::string sql;
  std::vector<SqlValue> parameters;
  bool isField = false;
  std::string fieldName;
  UnitKind unit = UnitKind::None;
  double number = 0;
  bool isNumber = false;
};

class Parser {
 public:
  Parser(std::string_view text, Layer layer, const ExtraAttributeLookup& isExtra)
      : m_text(text), m_layer(layer), m_isExtra(isExtra), m_lexer(text), m_tokens(m_lexer.tokens()) {}

  SqlFilter parse() {
    SqlFilter filter = parseOr(0);
    if (peek().kind != TokenKind::End) fail(Message{"'and'、'or' 或表达式结尾", "'and', 'or' or the end of the expression"});
    return filter;
  }

 private:
  const Token& peek() const { return m_tokens[m_index]; }
  const Token& next() { return m_tokens[m_index++]; }
  bool peekKeyword(std::string_view keyword) const {
    return peek().kind == TokenKind::Identifier && lower(peek().text) == keyword;
  }
  bool acceptKeyword(std::string_view keyword) {
    if (!peekKeyword(keyword)) return false;
    ++m_index;
    return true;
  }

  [[noreturn]] void fail(const Message& expected) const {
    const Token& token = peek();
    const bool end = token.kind == TokenKind::End;
    const std::string found = end ? "" : "'" + describe(token) + "'";
    m_lexer.fail(token.offset, Message{expected.zh + "，却遇到" + (end ? "表达式结尾" : " " + found),
                                       expected.en + ", found " + (end ? "the end of the expression" : found)});
  }

  static std::string describe(const Token& token) {
    switch (token.kind) {
      case TokenKind::LeftParen: return "(";
      case TokenKind::RightParen: return ")";
      case TokenKind::Comma: return ",";
      case TokenKind::String: return "'" + token.text + "'";
      default: return token.text;
    }
  }

  void enter(int depth) const {
    if (depth > kMaxExpressionDepth)
      m_lexer.fail(peek().offset, bilingual("括号或 'not' 最多嵌套 {} 层", "at most {} nested parentheses or 'not'", kMaxExpressionDepth));
  }

  static void append(SqlFilter& into, SqlFilter&& from) {
    into.sql += from.sql;
    for (auto& value : from.parameters) into.parameters.push_back(std::move(value));
  }

  // A compiled sub-expression and whether it is an and/or chain, whose members a chain of the same
  // operator takes over without another pair of parentheses: SQLite's parser overflows its stack
  // at a few dozen nested parentheses, so "a or (b or (c ...))" and long flat chains must stay flat.
  enum class Chain { None, Or, And };
  struct Node : SqlFilter {
    Node() = default;
    Node(SqlFilter filter) : SqlFilter(std::move(filter)) {}  // NOLINT: a plain term
    Node(std::string text, std::vector<SqlValue> values) : SqlFilter{std::move(text), std::move(values)} {}
    Chain chain = Chain::None;
  };

  Node parseChain(int depth, Chain chain) {
    const char* keyword = chain == Chain::Or ? "or" : "and";
    const char* sqlOperator = chain == Chain::Or ? " OR " : " AND ";
    auto member = [&] { return chain == Chain::Or ? parseChain(depth, Chain::And) : parseUnary(depth); };
    Node first = member();
    if (!peekKeyword(keyword)) return first;
    Node combined;
    combined.chain = chain;
    auto add = [&](Node&& term) {
      if (!combined.sql.empty()) combined.sql += sqlOperator;
      // A chain of the same operator: its members join this one (associativity), without its parentheses.
      combined.sql += term.chain == chain ? term.sql.substr(1, term.sql.size() - 2) : term.sql;
      for (auto& value : term.parameters) combined.parameters.push_back(std::move(value));
    };
    add(std::move(first));
    while (acceptKeyword(keyword)) add(member());
    combined.sql = "(" + combined.sql + ")";
    checkSqlNesting(combined.sql);
    return combined;
  }

  // SQLite's parser (a fixed stack of 100 entries) overflows at about 30 nested parentheses in the
  // whole query; the filter gets at most kMaxSqlNesting of them, whatever the expression's shape.
  void checkSqlNesting(const std::string& sql) const {
    int depth = 0, deepest = 0;
    for (char c : sql) {
      if (c == '(') deepest = std::max(deepest, ++depth);
      else if (c == ')') --depth;
    }
    if (deepest > kMaxSqlNesting)
      m_lexer.fail(peek().offset, bilingual("编译后 and/or/not 最多嵌套 {} 层（数据库解析器的限制；`a or (b or c)` 和 `not not x` 只算一层）；请把表达式写平",
                                            "and/or/not nested at most {} levels deep once compiled (the database's parser limit; `a or (b or c)` and "
                                            "`not not x` count once); flatten the expression",
                                            kMaxSqlNesting));
  }
  static constexpr int kMaxSqlNesting = 20;

  Node parseOr(int depth) {
    enter(depth);
    return parseChain(depth, Chain::Or);
  }

  Node parseUnary(int depth) {
    if (acceptKeyword("not")) {
      enter(depth + 1);
      return negate(parseUnary(depth + 1));
    }
    return parsePrimary(depth);
  }

  // `not not x` is x: folded here, so that 64 nested nots (our stated limit) do not become 64 nested
  // NOTs in SQL, which overflow SQLite's parser stack at about 40. Only negate() writes "(NOT ", so
  // that prefix marks a negation of one whole term (comparisons and combinations start otherwise).
  Node negate(Node inner) const {
    Node result;
    if (inner.sql.rfind("(NOT ", 0) == 0) {
      result.sql = inner.sql.substr(5, inner.sql.size() - 6);
    } else {
      result.sql = "(NOT " + inner.sql + ")";
    }
    result.parameters = std::move(inner.parameters);
    checkSqlNesting(result.sql);
    return result;
  }

  Node parsePrimary(int depth) {
    if (peek().kind == TokenKind::LeftParen) {
      ++m_index;
      enter(depth + 1);
      Node inner = parseOr(depth + 1);
      if (peek().kind != TokenKind::RightParen) fail(Message{"闭合括号的 ')'", "')' to close the parenthesis"});
      ++m_index;
      return inner;
    }
    Operand left = parseOperand();
    if (acceptKeyword("is")) {
      const bool negated = acceptKeyword("not");
      if (!acceptKeyword("null")) fail(Message{"'is' 后面的 'null'", "'null' after 'is'"});
      return {"(" + left.sql + (negated ? " IS NOT NULL)" : " IS NULL)"), std::move(left.parameters)};
    }
    const bool negated = acceptKeyword("not");
    if (acceptKeyword("in")) return parseIn(std::move(left), negated);
    if (acceptKeyword("like")) {
      if (peek().kind != TokenKind::String) fail(Message{"'like' 后面加引号的模式，如 '%港%'", "a quoted pattern after 'like', e.g. '%港%'"});
      SqlFilter filter{"(" + left.sql + (negated ? " NOT LIKE ?)" : " LIKE ?)"), std::move(left.parameters)};
      filter.parameters.emplace_back(next().text);
      return filter;
    }
    if (negated) fail(Message{"'not' 后面的 'in' 或 'like'", "'in' or 'like' after 'not'"});
    if (peek().kind != TokenKind::Operator) fail(Message{"比较运算（= != < <= > >=）、'in'、'like' 或 'is null'", "a comparison (= != < <= > >=), 'in', 'like' or 'is null'"});
    std::string op = next().text;
    if (op == "==") op = "=";
    if (op == "<>") op = "!=";
    Operand right = parseOperand();
    convertUnits(left, right);
    convertUnits(right, left);
    if (!left.isField && !right.isField) m_lexer.fail(m_tokens[m_index - 1].offset, Message{"比较的一侧应是字段名", "a field name on one side of the comparison"});
    SqlFilter filter{"(" + left.sql + " " + op + " " + right.sql + ")", std::move(left.parameters)};
    for (auto& value : right.parameters) filter.parameters.push_back(std::move(value));
    return filter;
  }

  SqlFilter parseIn(Operand left, bool negated) {
    if (peek().kind != TokenKind::LeftParen) fail(Message{"'in' 后面开始列表的 '('", "'(' to start the list after 'in'"});
    ++m_index;
    SqlFilter filter{"(" + left.sql + (negated ? " NOT IN (" : " IN ("), std::move(left.parameters)};
    for (bool first = true;; first = false) {
      if (!first) {
        if (peek().kind == TokenKind::RightParen) break;
        if (peek().kind != TokenKind::Comma) fail(Message{"列表中的 ',' 或 ')'", "',' or ')' in the list"});
        ++m_index;
      }
      Operand item = parseOperand();
      if (item.isField) m_lexer.fail(m_tokens[m_index - 1].offset, Message{"列表中的值（这里不能用字段）", "a value in the list (fields are not allowed here)"});
      convertUnits(item, left);
      filter.sql += (first ? "" : ", ") + item.sql;
      for (auto& value : item.parameters) filter.parameters.push_back(std::move(value));
    }
    ++m_index;
    filter.sql += "))";
    return filter;
  }

  // An area literal next to area_mu is compared in 亩; everywhere else areas are m² and lengths m.
  static void convertUnits(Operand& literal, const Operand& other) {
    if (literal.isField || !literal.isNumber) return;
    if (literal.unit == UnitKind::Area && other.isField && other.fieldName == "area_mu")
      literal.parameters.front() = squareMetresToMu(literal.number);
  }

  Operand parseOperand() {
    const Token& token = peek();
    Operand operand;
    switch (token.kind) {
      case TokenKind::Number:
        ++m_index;
        operand.sql = "?";
        operand.isNumber = true;
        operand.number = token.number;
        operand.unit = token.unit;
        if (token.unit == UnitKind::None && std::floor(token.number) == token.number && std::fabs(token.number) < 9e15)
          operand.parameters.emplace_back(static_cast<std::int64_t>(token.number));
        else
          operand.parameters.emplace_back(token.number);
        return operand;
      case TokenKind::String:
        ++m_index;
        operand.sql = "?";
        operand.parameters.emplace_back(token.text);
        return operand;
      case TokenKind::QuotedIdentifier:
        ++m_index;
        return field(token.text, token.offset);
      case TokenKind::Identifier: {
        const std::string word = lower(token.text);
        if (word == "true" || word == "false") {
          ++m_index;
          operand.sql = "?";
          operand.parameters.emplace_back(static_cast<std::int64_t>(word == "true"));
          return operand;
        }
        if (word == "null") {
          ++m_index;
          operand.sql = "NULL";
          return operand;
        }
        static const char* const reserved[] = {"and", "or", "not", "in", "like", "is"};
        if (std::find(std::begin(reserved), std::end(reserved), word) != std::end(reserved))
          fail(Message{"字段名或值", "a field name or a value"});
        ++m_index;
        return field(token.text, token.offset);
      }
      default: fail(Message{"字段名或值", "a field name or a value"});
    }
  }

  Operand field(const std::string& name, std::size_t offset) {
    Operand operand;
    operand.isField = true;
    operand.fieldName = name;
    if (std::string column = canonicalFieldColumn(m_layer, name); !column.empty()) {
      operand.sql = column;
      return operand;
    }
    std::string extraName = name;
    if (name.starts_with("attrs.")) extraName = name.substr(6);
    // A control character (NUL included) can name no attribute a planner imported, and SQLite's
    // JSON path parser rejects it as an SQL error: refuse it here as the unknown field it is.
    const bool hasControl = std::any_of(extraName.begin(), extraName.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    if (hasControl || extraName.find('"') != std::string::npos || extraName.empty() ||
        (!name.starts_with("attrs.") && !(m_isExtra && m_isExtra(extraName)))) {
      std::string valid;
      for (const std::string& known : expressionFieldNames(m_layer)) valid += (valid.empty() ? "" : ", ") + known;
      const std::string column = std::to_string(columnOf(m_text, offset));
      throw Error(ErrorCode::Expression,
                  Message{"--where：第 " + column + " 列：" + std::string(layerName(m_layer)) + " 没有字段 '" + name + "'；可用字段：" + valid +
                              "（源数据的属性写作 attrs.名称）",
                          "--where: column " + column + ": unknown field '" + name + "' of " + std::string(layerName(m_layer)) +
                              "; valid fields: " + valid + " (source attributes as attrs.NAME)"});
    }
    // The JSON path is a bound parameter too: even a field name never becomes SQL text.
    operand.sql = "json_extract(attrs, ?)";
    operand.parameters.emplace_back("$.\"" + extraName + "\"");
    return operand;
  }

  std::string_view m_text;
  Layer m_layer;
  const ExtraAttributeLookup& m_isExtra;
  Lexer m_lexer;
  std::vector<Token> m_tokens;
  std::size_t m_index = 0;
};

}  // namespace

std::vector<std::string> expressionFieldNames(Layer layer) {
  const LayerSpec& spec = layerSpec(layer);
  std::vector<std::string> names;
  for (const FieldSpec& field : spec.fields) names.emplace_back(field.name);
  if (spec.derivesSubdistrict && !spec.field("subdistrict")) names.emplace_back("subdistrict");
  if (spec.geometry == GeometryKind::Polygonal) {
    names.emplace_back("area_m2");
    names.emplace_back("area_mu");
  }
  return names;
}

std::string canonicalFieldColumn(Layer layer, std::string_view name) {
  for (const std::string& known : expressionFieldNames(layer))
    if (known == name) return known;  // a whitelisted column name: safe to write into SQL
  return {};
}

SqlFilter compileWhereExpression(std::string_view text, Layer layer, const ExtraAttributeLookup& isExtraAttribute) {
  if (text.size() > kMaxExpressionLength)
    throw Error(ErrorCode::Expression, bilingual("--where：表达式超过 {} 字节", "--where: the expression is longer than {} bytes", kMaxExpressionLength));
  if (const std::size_t bad = firstInvalidUtf8(text); bad != std::string_view::npos)
    throw Error(ErrorCode::Expression, bilingual("--where：第 {} 列：应为 UTF-8 文本，却遇到不是有效 UTF-8 的字节",
                                                 "--where: column {}: expected UTF-8 text, found a byte that is not valid UTF-8", columnOf(text, bad)));
  Parser parser(text, layer, isExtraAttribute);
  return parser.parse();
}

}  // namespace landbank
