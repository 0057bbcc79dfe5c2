// The statement executor: runs a script's statements in order, the way
// PowerShell would for straight-line scripts. Commands run through
// run_command; try/catch/finally, exit and throw work; if/elseif/else run
// when their conditions are simple comparisons (condition.cpp); the bodies
// of foreach and other loops are not run (docs/lab.md).
#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

#include "session.hpp"

namespace casdoctor::lab::detail {
namespace {

using Values = std::vector<PsValue>;

// A pipeline sends an array's items one by one: $list | Select-Object ...
Values unrolled(Values values) {
  Values items;
  for (auto& v : values) {
    if (auto* array = std::get_if<PsValue::Array>(&v.data)) {
      for (auto& item : *array) items.push_back(std::move(item));
    } else {
      items.push_back(std::move(v));
    }
  }
  return items;
}

Values run_pipeline(Session& session, const std::vector<Stage>& stages, const Where& where) {
  Values stream;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (stages[i].command) {
      stream = run_command(session, *stages[i].command, where, std::move(stream));
    } else if (i == 0) {
      stream = expression_values(session, stages[i].expression, where);
      if (stages.size() > 1) stream = unrolled(std::move(stream));
    }
  }
  return stream;
}

int exit_code_of(Session& session, const Statement& st, const Where& where) {
  if (st.stages.empty()) return 0;
  const auto values = run_pipeline(session, st.stages, where);
  if (values.empty()) return 0;
  if (const auto* n = std::get_if<std::int64_t>(&values.front().data)) return static_cast<int>(*n);
  try {
    return std::stoi(ps_string(values.front()));
  } catch (const std::exception&) {
    return 0;
  }
}

void assign(Session& session, const Statement& st, Values values) {
  const auto name = to_lower_ascii(st.assigned);
  if (st.stages.size() == 1 && !st.stages[0].command &&
      st.stages[0].expression.kind == Argument::Kind::script_block) {
    session.script_blocks[name] = st.stages[0].expression.block;
    return;
  }
  if (name == "erroractionpreference")
    session.stop_on_error = iequals(ps_string(single_or_array(values)), "Stop");
  session.variables[name] = single_or_array(std::move(values));
}

void run_pipeline_statement(Session& session, const Statement& st, const Where& where,
                            Values* output) {
  auto values = run_pipeline(session, st.stages, where);
  if (!st.assigned.empty()) return assign(session, st, std::move(values));
  if (output != nullptr) {
    for (auto& v : values) output->push_back(std::move(v));
  } else {
    write_objects(session.host(), values);
  }
}

void run_keyword(Session& session, const Statement& st, const Where& where, Values* output) {
  if (st.keyword == "exit") throw ScriptExit{exit_code_of(session, st, where)};
  if (st.keyword == "throw") {
    const auto values = run_pipeline(session, st.stages, where);
    PsError e;
    e.message = values.empty() ? "ScriptHalted" : ps_string(values.front());
    e.category = "OperationStopped";
    e.target = e.message;
    e.target_type = "String";
    e.reason = "RuntimeException";
    e.error_id = e.message;
    throw TerminatingError{e, nullptr, where.computer};
  }
  if ((st.keyword == "try" || st.keyword == "finally") && st.body)
    run_block(session, *st.body, where, output);
  // if/elseif/else/foreach/for/while/do/switch bodies: not run (see above).
}

// if (...) { } elseif (...) { } else { }: the first clause whose condition
// holds runs. A condition the lab cannot evaluate runs no clause at all.
std::size_t run_if(Session& session, const Block& block, std::size_t i, const Where& where,
                   Values* output) {
  bool decided = false;
  std::size_t j = i;
  for (; j < block.statements.size(); ++j) {
    const auto& clause = block.statements[j];
    if (clause.kind != Statement::Kind::keyword) break;
    if (j > i && clause.keyword != "elseif" && clause.keyword != "else") break;
    if (decided) continue;
    std::optional<bool> holds = true;  // else
    if (clause.keyword != "else")
      holds = clause.conditions.empty() ? std::nullopt
                                        : condition_holds(session, clause.conditions.front());
    decided = !holds || *holds;
    if (holds && *holds && clause.body) run_block(session, *clause.body, where, output);
  }
  return j;
}

// try { } catch { } finally { }: the statements after a try that belong to it.
std::size_t run_try(Session& session, const Block& block, std::size_t i, const Where& where,
                    Values* output) {
  std::optional<TerminatingError> caught;
  try {
    run_keyword(session, block.statements[i], where, output);
  } catch (const TerminatingError& e) {
    caught = e;
  }
  std::size_t j = i + 1;
  bool handled = false;
  for (; j < block.statements.size(); ++j) {
    const auto& clause = block.statements[j];
    if (clause.kind != Statement::Kind::keyword) break;
    if (clause.keyword == "catch") {
      if (caught && !handled && clause.body) run_block(session, *clause.body, where, output);
      handled = handled || caught.has_value();
    } else if (clause.keyword == "finally") {
      if (clause.body) run_block(session, *clause.body, where, output);
    } else {
      break;
    }
  }
  if (caught && !handled) throw *caught;
  return j;
}

}  // namespace

PsValue single_or_array(Values values) {
  if (values.size() == 1) return std::move(values.front());
  if (values.empty()) return nullptr;
  return PsValue::Array(std::move(values));
}

void run_block(Session& session, const Block& block, const Where& where, Values* output) {
  for (std::size_t i = 0; i < block.statements.size();) {
    const auto& st = block.statements[i];
    session.last_failed = false;
    if (st.kind == Statement::Kind::function) {
      session.functions[to_lower_ascii(st.function_name)] = st.body;
      ++i;
    } else if (st.kind == Statement::Kind::keyword && st.keyword == "try") {
      i = run_try(session, block, i, where, output);
    } else if (st.kind == Statement::Kind::keyword && st.keyword == "if") {
      i = run_if(session, block, i, where, output);
    } else if (st.kind == Statement::Kind::keyword) {
      run_keyword(session, st, where, output);
      ++i;
    } else {
      run_pipeline_statement(session, st, where, output);
      ++i;
    }
  }
}

}  // namespace casdoctor::lab::detail
