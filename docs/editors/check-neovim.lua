-- Headless check of `jmap lsp` with a real Neovim (0.7 or later):
--
--   nvim --headless -u NONE -l docs/editors/check-neovim.lua FILE.journey.yaml   (0.9+)
--   nvim --headless -u NONE -c 'luafile docs/editors/check-neovim.lua' FILE.journey.yaml
--
-- Starts the server as docs/editors.md sets it up, waits for the diagnostics of FILE and
-- prints them, then asks for the outline, a hover, a completion and a definition at the
-- first `lane:` value, and exits (status 1 when something did not answer).
local file = vim.fn.expand('%:p')
local jmap = os.getenv('JMAP') or 'jmap'
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = 'yaml'

local client = vim.lsp.start_client({
  name = 'jmap',
  cmd = { jmap, 'lsp' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
vim.lsp.buf_attach_client(buf, client)

local failed = false
local function check(what, ok)
  print(string.format('%-12s %s', what, ok and 'ok' or 'FAILED'))
  if not ok then failed = true end
end

vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local diagnostics = vim.diagnostic.get(buf)
for _, d in ipairs(diagnostics) do
  print(string.format('%d:%d %s [%s] %s', d.lnum + 1, d.col + 1,
    d.severity == 1 and 'error' or 'warning', d.code or '', d.message:gsub('\n.*', '')))
end
check('diagnostics', #diagnostics > 0)

local function request(method, params)
  local responses = vim.lsp.buf_request_sync(buf, method, params, 5000) or {}
  for _, response in pairs(responses) do
    if response.result then return response.result end
  end
end

local symbols = request('textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(buf) } })
check('outline', symbols ~= nil and #symbols > 0)

-- The first `lane: ` value: hover, complete, go to definition.
local row, col
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  local at = line:find('lane: ')
  if at then row, col = i - 1, at + 5 break end
end
if row then
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = row, character = col } }
  local hover = request('textDocument/hover', params)
  check('hover', hover ~= nil)
  local items = request('textDocument/completion', params)
  check('completion', items ~= nil and #items > 0)
  if items then
    local labels = {}
    for _, item in ipairs(items) do table.insert(labels, item.label) end
    print('  lanes: ' .. table.concat(labels, ', '))
  end
  local definition = request('textDocument/definition', params)
  check('definition', definition ~= nil and #definition > 0)
  if definition and definition[1] then
    local where = vim.fn.fnamemodify(vim.uri_to_fname(definition[1].uri), ':t')
    print(string.format('  defined at %s:%d', where, definition[1].range.start.line + 1))
  end
end

vim.lsp.stop_client(client)
vim.wait(2000, function() return vim.lsp.client_is_stopped(client) end, 50)
vim.cmd(failed and 'cquit 1' or 'qall!')
