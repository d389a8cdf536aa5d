package dev.netdiag.cli;

/**
 * What a tool runs with: its two outputs and the global flags. Tools print only through these, so
 * tests run them in-process.
 *
 * @param name the name the tool was invoked by (for messages: "netdiag probe")
 * @param out standard output, buffered
 * @param err standard error, buffered
 * @param debug true with --debug: stack traces and sources of data are shown
 */
public record ToolContext(String name, Output out, Output err, boolean debug) {}
