"""Assessment: question banks and quiz definitions (taking quizzes comes later)."""
