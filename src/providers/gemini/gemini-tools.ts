import type { ChatRequest } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import type { GeminiFunctionCallingMode, GeminiRequest } from './gemini-wire.js';

/**
 * tools / tool_choice / parallel_tool_calls → `tools.functionDeclarations` + `toolConfig`
 * (https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes):
 * none → NONE, auto → AUTO, required → ANY, a named function → ANY + allowedFunctionNames.
 * Parameters go as `parametersJsonSchema` (plain JSON Schema; `parameters` takes only Gemini's
 * OpenAPI subset). `strict: true` asks for arguments that match the schema: ANY already
 * constrains calls to the declarations, and in auto mode we ask for VALIDATED, the mode that
 * validates calls while still allowing text. Gemini cannot be told to make at most one call, so
 * `parallel_tool_calls: false` is a 400.
 */
export function toGeminiTools(req: ChatRequest): Pick<GeminiRequest, 'tools' | 'toolConfig'> {
  const tools = req.tools ?? [];
  const choice = req.tool_choice;
  if (req.parallel_tool_calls === false) {
    throw invalidRequest("parallel_tool_calls: false is not supported by Gemini (it cannot be limited to one call per turn). Remove it or choose another model.", 'parallel_tool_calls', 'unsupported_parameter');
  }
  if (tools.length === 0) {
    if (choice === 'required' || typeof choice === 'object') throw invalidRequest('tool_choice requires tools.', 'tool_choice');
    return {};
  }
  const names = new Set(tools.map((t) => t.function.name));
  const functionDeclarations = tools.map(({ function: f }) => ({
    name: f.name,
    ...(f.description !== undefined ? { description: f.description } : {}),
    ...(f.parameters !== undefined ? { parametersJsonSchema: f.parameters } : {}),
  }));
  const strict = tools.some((t) => t.function.strict === true);

  let mode: GeminiFunctionCallingMode | null;
  let allowedFunctionNames: string[] | undefined;
  if (choice === undefined) mode = strict ? 'VALIDATED' : null;
  else if (choice === 'none') mode = 'NONE';
  else if (choice === 'auto') mode = strict ? 'VALIDATED' : 'AUTO';
  else if (choice === 'required') mode = 'ANY';
  else {
    if (!names.has(choice.function.name)) {
      throw invalidRequest(`tool_choice names function '${choice.function.name}', which is not in tools.`, 'tool_choice');
    }
    mode = 'ANY';
    allowedFunctionNames = [choice.function.name];
  }
  return {
    tools: [{ functionDeclarations }],
    ...(mode ? { toolConfig: { functionCallingConfig: { mode, ...(allowedFunctionNames ? { allowedFunctionNames } : {}) } } } : {}),
  };
}
