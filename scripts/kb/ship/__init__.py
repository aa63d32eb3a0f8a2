"""Stage 5: the atomic build, the live preview, the deploy package and the build stamp."""
