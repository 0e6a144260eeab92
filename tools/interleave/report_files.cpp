// Writing a result's report files, and the HTML extras a model provides.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
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
  // Written beside the target and renamed into place: a reader never sees
  // half a report, and a failed write leaves the old one.
  std::filesystem::path partial = path;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      throw std::runtime_error("cannot write " + path.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) {
    std::filesystem::remove(partial, ec);
    throw std::runtime_error("cannot write " + path.string() + ": it exists and cannot be replaced");
  }
}

void create_output_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw std::runtime_error(fmt::format("cannot create the folder {}: {}", dir.string(),
                                         ec ? ec.message() : "a file of that name is in the way"));
}

bool try_write_reports(const std::filesystem::path& dir, const Model& model, const Result& result) {
  try {
    write_reports(dir, model, result);
    return true;
  } catch (const std::exception& e) {
    std::cout.flush();  // the verdict first, then why its reports are missing
    fmt::print(stderr, "interleave: error: reports of {} not written: {}\n", model.name, e.what());
    return false;
  }
}

std::string write_reports(const std::filesystem::path& dir, const Model& model, const Result& result) {
  create_output_folder(dir);
  const std::string stem = report_stem(model.name);
  write_file(dir / (stem + ".txt"), reports::render_text(result));
  write_file(dir / (stem + ".md"), reports::render_markdown(result));
  write_file(dir / (stem + ".json"), reports::render_json(result));
  write_file(dir / (stem + ".html"), reports::render_html(result, html_options_for(model)));
  return stem;
}

}  // namespace interleave::cli
