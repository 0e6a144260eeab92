// Writing a result's report files, and the HTML extras a model provides.
#include <fstream>
#include <stdexcept>

#include "report_commands.hpp"

namespace interleave::cli {

std::string report_stem(const std::string& model_name) {
  std::string stem;
  for (char c : model_name) stem += c == '/' ? std::string("__") : std::string(1, c);
  return stem;
}

reports::HtmlOptions html_options_for(const Model& model) {
  reports::HtmlOptions o;
  o.title = model.name;
  o.summary = model.summary;
  o.flaw = model.flaw;
  o.passage = model.passage;
  o.replay_command = "interleave replay " + model.name;
  o.source = reports::source_lines_from_disk();
  return o;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string write_reports(const std::filesystem::path& dir, const Model& model, const Result& result) {
  std::filesystem::create_directories(dir);
  const std::string stem = report_stem(model.name);
  write_file(dir / (stem + ".txt"), reports::render_text(result));
  write_file(dir / (stem + ".md"), reports::render_markdown(result));
  write_file(dir / (stem + ".json"), reports::render_json(result));
  write_file(dir / (stem + ".html"), reports::render_html(result, html_options_for(model)));
  return stem;
}

}  // namespace interleave::cli
