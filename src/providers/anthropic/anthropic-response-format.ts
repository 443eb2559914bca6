import type { CatalogModel } from '../../catalog/catalog.js';
import type { ChatRequest } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import type { AnthropicOutputConfig, AnthropicTool, AnthropicToolChoice } from './anthropic-wire.js';

/**
 * response_format → Anthropic.
 *
 * json_schema → structured outputs, `output_config: {format: {type: 'json_schema', schema}}`:
 * generally available (no beta header) on the Claude API for Claude Sonnet 4.5, Haiku 4.5,
 * Opus 4.5 and later; the older `output_format` parameter and `structured-outputs-2025-11-13`
 * beta header are deprecated (https://platform.claude.com/docs/en/build-with-claude/structured-outputs).
 * The constrained-decoded JSON arrives as the text content, exactly like OpenAI's.
 *
 * json_object → Anthropic has no "any JSON object" mode and structured outputs need a schema, so
 * we force a tool whose input schema is a bare object; its tool_use input becomes the message
 * content (forced tool use, `tool_choice: {type: 'tool', name}`:
 * https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use).
 */

/** Name of the tool that carries a json_object answer; the response side turns it back into content. */
export const JSON_OBJECT_TOOL = 'json_object';

export interface AnthropicOutputShape {
  output_config?: AnthropicOutputConfig;
  /** Set for json_object: the forced tool and choice, replacing any client tools (there are none). */
  jsonTool?: { tool: AnthropicTool; tool_choice: AnthropicToolChoice };
}

export function toAnthropicOutputShape(req: ChatRequest, model: CatalogModel): AnthropicOutputShape {
  const format = req.response_format;
  if (format === undefined) return {};
  switch (format.type) {
    case 'text':
      return {};
    case 'json_schema': {
      if (!model.capabilities.json_schema) {
        throw invalidRequest(`response_format 'json_schema' is not supported by model '${model.id}'.`, 'response_format', 'unsupported_parameter');
      }
      const { schema, description } = format.json_schema;
      if (schema === undefined) throw invalidRequest("response_format.json_schema.schema is required by provider 'anthropic'.", 'response_format.json_schema.schema');
      // Anthropic's format has no description field; the schema's own description carries it.
      const withDescription = description !== undefined && schema.description === undefined ? { ...schema, description } : schema;
      return { output_config: { format: { type: 'json_schema', schema: withDescription } } };
    }
    case 'json_object': {
      if (req.tools?.length) {
        throw invalidRequest("response_format 'json_object' cannot be combined with tools on provider 'anthropic' (it is carried by a forced tool call).", 'response_format', 'unsupported_parameter');
      }
      return {
        jsonTool: {
          tool: { name: JSON_OBJECT_TOOL, description: 'Reply with your complete answer as a JSON object.', input_schema: { type: 'object' } },
          tool_choice: { type: 'tool', name: JSON_OBJECT_TOOL },
        },
      };
    }
    default: {
      const never: never = format;
      throw invalidRequest(`Unknown response_format ${JSON.stringify(never)}.`, 'response_format');
    }
  }
}
