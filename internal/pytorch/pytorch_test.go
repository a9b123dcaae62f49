package pytorch

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPythonsHonoursEnv(t *testing.T) {
	t.Setenv(EnvPython, "/opt/py/bin/python3")
	assert.Equal(t, []string{"/opt/py/bin/python3"}, Pythons())
	t.Setenv(EnvPython, "")
	assert.Equal(t, []string{"python3", "/usr/bin/python3"}, Pythons())
}

func TestFindNamesWhatFailed(t *testing.T) {
	t.Setenv(EnvPython, "/nonexistent/python3")
	_, err := Find()
	require.EqualError(t, err, "/nonexistent/python3: not found")
}
